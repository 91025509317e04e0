package org.mlsmesh.node.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.group.GroupTopicCode;

/** Every {@link GroupTopicCode} has a negative test marked {@link GroupTopicCovers}. */
class GroupTopicCoversMetaTest {
  @Test
  void everyGroupTopicCodeHasANegativeTest() {
    Set<GroupTopicCode> covered = EnumSet.noneOf(GroupTopicCode.class);
    for (Method method : GroupTopicValidatorTest.class.getDeclaredMethods()) {
      GroupTopicCovers mark = method.getAnnotation(GroupTopicCovers.class);
      if (mark != null && method.isAnnotationPresent(Test.class)) {
        covered.addAll(Arrays.asList(mark.value()));
      }
    }
    assertThat(EnumSet.complementOf(EnumSet.copyOf(covered)))
        .as("group-topic codes without a negative test")
        .isEmpty();
  }
}
