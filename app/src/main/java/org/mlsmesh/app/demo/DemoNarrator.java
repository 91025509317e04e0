package org.mlsmesh.app.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Tells on the terminal what happened, from the recorded events only: a line per step of the demo
 * and per fork the nodes resolved while it runs, then the story of the race, the partition, the
 * deliveries and the final agreement from the {@link DemoSummary}.
 */
public final class DemoNarrator {
  private DemoNarrator() {}

  /** The live line for {@code event}, if it is worth one. */
  public static Optional<String> live(DemoEvent e) {
    String at = String.format(Locale.ROOT, "[%5.1fs] ", e.atMillis() / 1000.0);
    String line =
        switch (e.kind()) {
          case DemoEvent.Kinds.ACTION -> action(e);
          case DemoEvent.Kinds.FORK_RESOLVED ->
              e.node()
                  + ": fork resolved, rolled back "
                  + e.get("dropped")
                  + " Commit(s); now on the better version of epoch "
                  + e.get("epoch")
                  + " ("
                  + shortHex(e.get("authenticator"))
                  + ")";
          case DemoEvent.Kinds.JOINED ->
              e.get("member").equals(e.node()) ? e.node() + ": joined the group by Welcome" : null;
          case DemoEvent.Kinds.LEFT ->
              e.get("member").equals(e.node()) ? e.node() + ": removed from the group" : null;
          default -> null;
        };
    return Optional.ofNullable(line).map(l -> at + l);
  }

  private static String action(DemoEvent e) {
    return switch (e.get("what")) {
      case "started" -> e.node() + ": node started, " + e.get("address");
      case "created-group" -> e.node() + ": created group " + abbreviate(e.get("group"));
      case "race-commit-done" ->
          racer(e.get("racer"))
              + ("true".equals(e.get("ok")) ? ": done" : ": failed, " + e.get("failure"));
      case "invite" ->
          e.node() + ": invites " + e.get("invitee") + " (KeyPackage from the directory)";
      case "invited" ->
          e.node()
              + ": "
              + ("false".equals(e.data().get("ok")) ? "FAILED to add " : "Add is final: ")
              + e.get("invitee");
      case "race" ->
          "commit race on epoch "
              + e.get("parent-epoch")
              + ": "
              + racer(e.get("racers")).replace(",", ", ")
              + ", at the same instant";
      case "partition" ->
          "partition: {" + e.get("sides").replace("|", "} | {").replace(",", ", ") + "}";
      case "heal" -> "heal: links allowed again";
      case "all-delivered" ->
          "every message so far at every recipient: "
              + e.get("messages")
              + " messages, "
              + e.get("deliveries")
              + " deliveries, "
              + e.get("duplicates")
              + " duplicate(s)";
      case "timeout" -> "TIMED OUT waiting for " + e.get("waiting-for");
      default -> e.node() + ": " + e.get("what");
    };
  }

  /** The story of the run, judged. */
  public static List<String> summary(DemoSummary s) {
    List<String> out = new ArrayList<>();
    out.add("");
    if (s.race() != null) {
      DemoSummary.Race r = s.race();
      out.add(
          "Commit race on epoch " + r.parentEpoch() + ": " + String.join(", ", r.racers()) + ".");
      if (r.forked()) {
        out.add(
            "  fork: epoch "
                + (r.parentEpoch() + 1)
                + " existed in "
                + r.versionsOfNextEpoch()
                + " versions; "
                + r.rollbacks().size()
                + " rollback(s): "
                + r.rollbacks().stream()
                    .map(b -> b.node() + " (" + b.droppedCommits() + " Commit dropped)")
                    .collect(Collectors.joining(", ")));
      } else {
        out.add(
            "  no fork: the Commits did not overlap (each was built after the other arrived);"
                + " nothing was rolled back");
      }
      if (!r.notRacing().isEmpty()) {
        out.add(
            "  not in the race after all (had seen another racer's Commit first): "
                + String.join(", ", r.notRacing()));
      }
      out.add(
          "  winner: "
              + r.winner()
              + (r.winnerCommit().isEmpty() ? "" : " (" + r.winnerCommit() + ")")
              + (r.forked() ? ", kept by every node." : "."));
      for (DemoSummary.Loser l : r.losers()) {
        out.add("  " + l.commit() + ": lost by " + l.lostBy() + " — " + l.reason() + ".");
        out.add(
            "    "
                + (l.tookEffectInEpoch() < 0
                    ? "its change never took effect."
                    : l.sameChangeAsWinner()
                        ? "the winner's Commit made the same change; nothing left to re-apply."
                        : "rolled back and re-applied on the winner's epoch: took effect in epoch "
                            + l.tookEffectInEpoch()
                            + "."));
      }
    }
    if (s.partition() != null) {
      DemoSummary.Partition p = s.partition();
      out.add(
          String.format(
              Locale.ROOT,
              "Partition {%s} | {%s} for %.1f s: %d messages sent, %d crossed the cut before the"
                  + " heal; all delivered %.1f s after the heal.",
              String.join(", ", p.left()),
              String.join(", ", p.right()),
              p.millis() / 1000.0,
              p.sent(),
              p.crossedBeforeHeal(),
              p.deliveredAfterHealMillis() / 1000.0));
    }
    DemoSummary.Delivery d = s.delivery();
    out.add(
        "Delivery: "
            + d.messages()
            + " messages, "
            + d.delivered()
            + " deliveries for "
            + d.expected()
            + " expected: "
            + d.duplicates()
            + " duplicate(s), "
            + d.missing()
            + " missing, "
            + d.unexpected()
            + " unexpected.");
    out.add(
        "  per member (received/expected): "
            + d.perMember().stream()
                .map(m -> m.node() + " " + m.delivered() + "/" + m.expected())
                .collect(Collectors.joining(", ")));
    DemoSummary.Agreement a = s.agreement();
    out.add(
        a.agree()
            ? "Final: "
                + a.nodes().size()
                + " nodes at epoch "
                + a.epoch()
                + ", members "
                + String.join(", ", a.members())
                + ", epoch authenticator "
                + abbreviate(a.authenticator())
                + " at every one."
            : "Final: the " + a.nodes().size() + " nodes that reported do NOT agree.");
    for (DemoSummary.Invariant i : s.invariants()) {
      out.add("  [" + (i.holds() ? "ok" : "FAILED") + "] " + i.name() + ": " + i.detail());
    }
    long held = s.invariants().stream().filter(DemoSummary.Invariant::holds).count();
    out.add(
        (s.ok() ? "PASS" : "FAIL")
            + ": "
            + held
            + " of "
            + s.invariants().size()
            + " invariants hold.");
    return out;
  }

  private static String racer(String text) {
    return text.replace(">add>", " adds ").replace(">remove>", " removes ");
  }

  static String abbreviate(String hex) {
    return hex.length() <= 16 ? hex : hex.substring(0, 16) + "…";
  }

  private static String shortHex(String hex) {
    return hex.length() <= 8 ? hex : hex.substring(0, 8);
  }
}
