package org.mlsmesh.consensus.mls;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every {@link MeshCode} has at least one negative test marked {@link CoversMesh}. */
class MeshCoversMetaTest {
  @Test
  void everyMeshCodeHasANegativeTest() {
    EnumSet<MeshCode> covered = EnumSet.noneOf(MeshCode.class);
    for (Class<?> type :
        List.of(MlsGroupAdapterTest.class, ConsensusMessageTest.class, MeshHeaderTest.class)) {
      for (Method m : type.getDeclaredMethods()) {
        CoversMesh mark = m.getAnnotation(CoversMesh.class);
        if (mark != null && m.isAnnotationPresent(Test.class)) {
          covered.addAll(List.of(mark.value()));
        }
      }
    }
    assertThat(EnumSet.complementOf(covered))
        .as("mesh codes without a negative @CoversMesh test")
        .isEmpty();
  }
}
