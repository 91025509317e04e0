package org.mlsmesh.node.internal.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every {@link DirectoryCode} has a negative test marked {@link DirectoryCovers}. */
class DirectoryCoversMetaTest {
  /** The test classes of this package that hold directory negative tests. */
  private static final Class<?>[] TESTS = {KeyPackageDirectoryTest.class};

  @Test
  void everyDirectoryCodeHasANegativeTest() {
    Set<DirectoryCode> covered = EnumSet.noneOf(DirectoryCode.class);
    for (Class<?> type : TESTS) {
      for (Method method : type.getDeclaredMethods()) {
        DirectoryCovers mark = method.getAnnotation(DirectoryCovers.class);
        if (mark != null && method.isAnnotationPresent(Test.class)) {
          covered.addAll(Arrays.asList(mark.value()));
        }
      }
    }
    assertThat(EnumSet.complementOf(EnumSet.copyOf(covered)))
        .as("directory codes without a negative test")
        .isEmpty();
  }
}
