package org.mlsmesh.interop.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which client plays which actor. */
class AssignmentsTest {
  @Test
  void scriptActorsInOrderOfAppearance() {
    Script script =
        InteropConfigs.scripts("external_proposals").stream()
            .filter(s -> s.name().equals("external_add"))
            .findFirst()
            .orElseThrow();
    assertThat(script.actors()).containsExactly("alice", "bob", "ds", "charlie");
  }

  @Test
  void exhaustiveUsesBothClientsInEveryMix() {
    List<String> actors = List.of("alice", "bob", "charlie");
    List<Map<String, String>> all = Assignments.of(actors, "A", "B", true);
    assertThat(all).hasSize(6); // 2^3 minus the two single-client ones
    assertThat(all).allMatch(m -> m.containsValue("A") && m.containsValue("B"));
    assertThat(all.stream().distinct()).hasSize(6);
  }

  @Test
  void manyActorsOrNotExhaustiveGiveBothDirections() {
    List<String> six = List.of("a1", "a2", "a3", "a4", "a5", "a6");
    for (List<Map<String, String>> assignments :
        List.of(
            Assignments.of(six, "A", "B", true),
            Assignments.of(six.subList(0, 3), "A", "B", false))) {
      assertThat(assignments).hasSize(2);
      assertThat(assignments.get(0).get("a1")).isEqualTo("A");
      assertThat(assignments.get(0).get("a2")).isEqualTo("B");
      assertThat(assignments.get(1).get("a1")).isEqualTo("B");
    }
  }

  @Test
  void oneClientPlaysEveryActor() {
    assertThat(Assignments.of(List.of("alice", "bob"), "A", "A", true))
        .containsExactly(Map.of("alice", "A", "bob", "A"));
  }
}
