package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code mlsmesh demo} for real (five nodes on 127.0.0.1) and checks its narration against its
 * {@code demo.json}, and the invariants against the raw events in it, recomputed here.
 */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Timeout(180)
  void theDemoHoldsItsInvariantsAndTellsWhatTheNodesReported(@TempDir Path dir) throws IOException {
    ConformanceCommandTest.Run run = ConformanceCommandTest.run("demo", "--out", dir.toString());
    String out = run.out();
    assertThat(run.exitCode()).as(out + run.err()).isZero();
    JsonNode root = JSON.readTree(dir.resolve("demo.json").toFile());
    assertThat(root.get("ok").asBoolean()).isTrue();
    JsonNode summary = root.get("summary");
    List<JsonNode> events = new ArrayList<>();
    root.get("events").forEach(events::add);
    assertThat(out).contains("PASS: ").contains("Events and summary: " + dir.resolve("demo.json"));

    // Exactly once, from the raw events: every message at every recipient once, nowhere else.
    Map<String, Set<String>> recipients = new HashMap<>();
    Map<String, Integer> deliveries = new HashMap<>();
    int delivered = 0;
    for (JsonNode e : events) {
      if (kind(e).equals("sent")) {
        recipients.put(data(e, "id"), Set.of(data(e, "recipients").split(",")));
      } else if (kind(e).equals("message")) {
        delivered++;
        deliveries.merge(e.get("node").asText() + "/" + data(e, "id"), 1, Integer::sum);
      }
    }
    int expected = 0;
    for (Map.Entry<String, Set<String>> m : recipients.entrySet()) {
      for (String node : m.getValue()) {
        expected++;
        assertThat(deliveries.get(node + "/" + m.getKey()))
            .as("deliveries of %s at %s", m.getKey(), node)
            .isEqualTo(1);
      }
    }
    assertThat(delivered).isEqualTo(expected);
    assertThat(expected).isGreaterThan(100);
    assertThat(out)
        .contains(
            "Delivery: "
                + recipients.size()
                + " messages, "
                + delivered
                + " deliveries for "
                + expected
                + " expected: 0 duplicate(s), 0 missing, 0 unexpected.");

    // Agreement, from the final statuses.
    Set<String> finals = new LinkedHashSet<>();
    String authenticator = "";
    String epoch = "";
    for (JsonNode e : events) {
      if (kind(e).equals("final-status")) {
        finals.add(data(e, "epoch") + "/" + data(e, "authenticator") + "/" + data(e, "members"));
        authenticator = data(e, "authenticator");
        epoch = data(e, "epoch");
      }
    }
    assertThat(finals).hasSize(1);
    assertThat(finals.iterator().next()).endsWith("/alice,bob,carol,dave,erin");
    assertThat(out)
        .contains(
            "Final: 5 nodes at epoch "
                + epoch
                + ", members alice, bob, carol, dave, erin, epoch authenticator "
                + authenticator.substring(0, 16)
                + "… at every one.");

    // The race: the narration tells the forks the nodes reported, no more, no less.
    JsonNode race = summary.get("race");
    long next = race.get("parentEpoch").asLong() + 1;
    List<String> rollbacks = new ArrayList<>();
    Set<String> versions = new LinkedHashSet<>();
    for (JsonNode e : events) {
      if (kind(e).equals("fork-resolved")) {
        rollbacks.add(e.get("node").asText() + " (" + data(e, "dropped") + " Commit dropped)");
      } else if (kind(e).equals("epoch") && Long.parseLong(data(e, "epoch")) == next) {
        versions.add(data(e, "authenticator"));
      }
    }
    assertThat(out.lines().filter(l -> l.contains(": fork resolved, rolled back")))
        .hasSize(rollbacks.size());
    if (rollbacks.isEmpty() && versions.size() < 2) {
      assertThat(out).contains("  no fork:");
    } else {
      assertThat(out)
          .contains(
              "  fork: epoch "
                  + next
                  + " existed in "
                  + versions.size()
                  + " versions; "
                  + rollbacks.size()
                  + " rollback(s): "
                  + String.join(", ", rollbacks));
      // A Remove beats an Add by class: bob's or carol's Remove wins, whoever ranks better.
      String winner = race.get("winner").asText();
      assertThat(winner).isIn("bob", "carol");
      assertThat(out).contains("  winner: " + winner + " (" + winner + " removes erin)");
      for (JsonNode loser : race.get("losers")) {
        String commit = loser.get("commit").asText();
        assertThat(out).contains("  " + commit + ": lost by " + loser.get("lostBy").asText());
        if (commit.equals("alice adds dave")) {
          assertThat(loser.get("lostBy").asText()).isEqualTo("class");
          assertThat(out)
              .contains(
                  "    rolled back and re-applied on the winner's epoch: took effect in epoch "
                      + loser.get("tookEffectInEpoch").asLong()
                      + ".");
        } else {
          assertThat(loser.get("lostBy").asText()).isEqualTo("rank");
        }
      }
    }

    // The partition held: nothing crossed the cut before the heal.
    long healAt = -1;
    Map<String, String> sentDuring = new HashMap<>();
    for (JsonNode e : events) {
      if (kind(e).equals("action") && data(e, "what").equals("heal")) {
        healAt = e.get("atMillis").asLong();
      } else if (kind(e).equals("sent") && e.get("phase").asText().equals("partition")) {
        sentDuring.put(data(e, "id"), e.get("node").asText());
      }
    }
    Set<String> left = Set.of("alice", "bob");
    int crossed = 0;
    for (JsonNode e : events) {
      String sender = kind(e).equals("message") ? sentDuring.get(data(e, "id")) : null;
      if (sender != null
          && left.contains(sender) != left.contains(e.get("node").asText())
          && e.get("atMillis").asLong() < healAt) {
        crossed++;
      }
    }
    assertThat(crossed).isZero();
    assertThat(out)
        .contains(sentDuring.size() + " messages sent, 0 crossed the cut before the heal");
  }

  @Test
  void badSettingsAreBadInput() {
    ConformanceCommandTest.Run run = ConformanceCommandTest.run("demo", "--messages", "0");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--messages must be at least 1");
  }

  @Test
  void helpExplainsTheDemo() {
    ConformanceCommandTest.Run run = ConformanceCommandTest.run("demo", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: mlsmesh demo")
        .contains("commit race")
        .contains("demo.json");
  }

  private static String kind(JsonNode e) {
    return e.get("kind").asText();
  }

  private static String data(JsonNode e, String key) {
    JsonNode value = e.get("data").get(key);
    assertThat(value).as("%s in %s", key, e).isNotNull();
    return value.asText();
  }
}
