package org.mlsmesh.interop.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One scenario script of a working-group config: its steps, in order, and the actors it names. */
public record Script(String config, String name, List<JsonNode> steps) {
  public Script {
    steps = List.copyOf(steps);
  }

  public String id() {
    return config + "/" + name;
  }

  /** Every actor, in order of first appearance (group members, joiners, signers). */
  public List<String> actors() {
    Set<String> actors = new LinkedHashSet<>();
    for (JsonNode step : steps) {
      for (String field : List.of("actor", "proposer", "committer", "welcomer", "joiner")) {
        if (step.hasNonNull(field)) {
          actors.add(step.get(field).asText());
        }
      }
      for (String field : List.of("members", "joiners", "clients")) {
        for (JsonNode actor : step.path(field)) {
          actors.add(actor.asText());
        }
      }
      if (step.hasNonNull("signer")) {
        actors.add(step.get("signer").asText());
      }
    }
    return new ArrayList<>(actors);
  }
}
