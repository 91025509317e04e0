package org.mlsmesh.control.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.NodeStatus;

/**
 * The status page: one self-contained HTML document (inline CSS and SVG, no script, nothing
 * fetched) from a {@link StatusSnapshot}. Payloads of messages are never shown, only their size.
 */
final class StatusPage {
  private static final String STYLE =
      "body{font:14px system-ui,sans-serif;margin:24px;color:#1d2430;background:#f7f8fa}"
          + "h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccd}"
          + "table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;text-align:left;"
          + "border-bottom:1px solid #e3e6ea}th{background:#eceff3}code{font-size:12px}"
          + ".card{background:#fff;border:1px solid #d8dce2;border-radius:6px;padding:10px 14px;"
          + "margin:10px 0}.self{font-weight:bold}.muted{color:#667}.fork{color:#b3261e}";

  private StatusPage() {}

  static String render(StatusSnapshot s) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"5\">")
        .append("<title>MLS Mesh node ")
        .append(Html.shortId(s.self().toHex(), 12))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>");
    header(h, s);
    peers(h, s);
    groups(h, s);
    forks(h, s);
    events(h, s);
    h.append("</body></html>");
    return h.toString();
  }

  private static void header(StringBuilder h, StatusSnapshot s) {
    h.append("<h1>MLS Mesh node <code id=\"node-id\">")
        .append(s.self().toHex())
        .append("</code></h1><p class=\"muted\">gossip on ")
        .append(Html.escape(s.gossipAddress()))
        .append(" · run ")
        .append(Html.escape(s.runId()))
        .append(" · up ")
        .append(duration(s.nowMillis() - s.startedMillis()))
        .append(" · ")
        .append(Instant.ofEpochMilli(s.nowMillis()))
        .append(" (refreshes every 5 s)</p>");
  }

  private static void peers(StringBuilder h, StatusSnapshot s) {
    NodeStatus n = s.node();
    h.append("<h2>Peers and links</h2><section id=\"peers\" data-linked=\"")
        .append(n.peersLinked())
        .append("\">");
    h.append(linkDiagram(s.self(), s.linkedPeers()));
    h.append("<table><tr><th>linked peers</th><td>").append(n.peersLinked()).append("</td></tr>");
    row(h, "invalid frames", n.invalidFrames());
    row(h, "rejected messages", n.rejectedMessages());
    row(h, "bans", n.bans());
    row(h, "refused handshakes", n.refusedHandshakes());
    row(h, "messages delivered (gossip)", n.deliveredMessages());
    row(h, "messages retained for peers", n.retainedMessages());
    row(h, "dropped Welcomes", n.droppedWelcomes());
    h.append("</table><ul>");
    for (MemberId peer : s.linkedPeers()) {
      h.append("<li class=\"peer\"><code>").append(peer.toHex()).append("</code></li>");
    }
    h.append("</ul></section>");
  }

  /** This node in the middle, a spoke to each linked peer around it. */
  static String linkDiagram(MemberId self, List<MemberId> peers) {
    int size = 260;
    double c = size / 2.0;
    double r = 95;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(size)
        .append("\" height=\"")
        .append(size)
        .append("\" viewBox=\"0 0 ")
        .append(size)
        .append(' ')
        .append(size)
        .append("\" role=\"img\" aria-label=\"links of this node\">");
    for (int i = 0; i < peers.size(); i++) {
      double angle = 2 * Math.PI * i / peers.size() - Math.PI / 2;
      String x = coord(c + r * Math.cos(angle));
      String y = coord(c + r * Math.sin(angle));
      svg.append("<line x1=\"")
          .append(coord(c))
          .append("\" y1=\"")
          .append(coord(c))
          .append("\" x2=\"")
          .append(x)
          .append("\" y2=\"")
          .append(y)
          .append("\" stroke=\"#7a8aa0\" stroke-width=\"2\"/>")
          .append("<circle class=\"peer-node\" cx=\"")
          .append(x)
          .append("\" cy=\"")
          .append(y)
          .append("\" r=\"14\" fill=\"#5b8def\"><title>")
          .append(peers.get(i).toHex())
          .append("</title></circle><text x=\"")
          .append(x)
          .append("\" y=\"")
          .append(coord(c + (r + 26) * Math.sin(angle) + 4))
          .append("\" font-size=\"10\" text-anchor=\"middle\">")
          .append(Html.shortId(peers.get(i).toHex(), 6))
          .append("</text>");
    }
    svg.append("<circle cx=\"")
        .append(coord(c))
        .append("\" cy=\"")
        .append(coord(c))
        .append("\" r=\"20\" fill=\"#1d6b3a\"><title>")
        .append(self.toHex())
        .append("</title></circle><text x=\"")
        .append(coord(c))
        .append("\" y=\"")
        .append(coord(c + 4))
        .append("\" font-size=\"10\" fill=\"#fff\" text-anchor=\"middle\">this</text></svg>");
    return svg.toString();
  }

  private static void groups(StringBuilder h, StatusSnapshot s) {
    h.append("<h2>Groups</h2><section id=\"groups\" data-count=\"")
        .append(s.groups().size())
        .append("\">");
    if (s.groups().isEmpty()) {
      h.append("<p class=\"muted\">This node is in no group.</p>");
    }
    for (GroupStatus g : s.groups()) {
      h.append("<div class=\"card group\" data-group-id=\"")
          .append(g.groupId().toHex())
          .append("\" data-epoch=\"")
          .append(g.epoch())
          .append("\"><b>group <code>")
          .append(g.groupId().toHex())
          .append("</code></b><table>");
      row(h, "epoch", g.epoch());
      row(h, "final epoch", g.finalEpoch());
      h.append("<tr><th>epoch authenticator</th><td><code class=\"authenticator\">")
          .append(Html.shortId(g.epochAuthenticator().toHex(), 16))
          .append("</code></td></tr>");
      row(h, "settle window (ms)", g.settleWindowMillis());
      row(h, "messages delivered", g.delivered());
      row(h, "messages refused", g.dropped());
      row(h, "forks resolved (recent events)", forksOf(g.groupId(), s.recentEvents()));
      h.append("</table>").append(EpochChart.render(g.groupId(), s.recentEvents()));
      h.append("<p>members (").append(g.members().size()).append("):</p><ol>");
      for (MemberId m : g.members()) {
        h.append("<li class=\"member")
            .append(m.equals(s.self()) ? " self" : "")
            .append("\"><code>")
            .append(m.toHex())
            .append("</code>")
            .append(m.equals(s.self()) ? " (this node)" : "")
            .append("</li>");
      }
      h.append("</ol></div>");
    }
    h.append("</section>");
  }

  private static long forksOf(GroupId group, List<EventLog.Entry> events) {
    return events.stream()
        .filter(e -> e.event() instanceof MlsNodeEvent.ForkResolved)
        .filter(e -> e.event().groupId().equals(group))
        .count();
  }

  private static void forks(StringBuilder h, StatusSnapshot s) {
    h.append("<h2>Forks and rollbacks</h2><section id=\"forks\"><table>");
    row(h, "Commits that lost a race (all groups)", Math.round(s.forks()));
    row(h, "rollbacks to a better sibling Commit", Math.round(s.rollbacks()));
    h.append("</table>");
    for (EventLog.Entry e : s.recentEvents()) {
      if (e.event() instanceof MlsNodeEvent.ForkResolved f) {
        h.append("<p class=\"fork\">#")
            .append(e.seq())
            .append(" group ")
            .append(Html.shortId(f.groupId().toHex(), 12))
            .append(": switched to epoch ")
            .append(f.epoch())
            .append(" (")
            .append(Html.shortId(f.epochAuthenticator().toHex(), 16))
            .append("), ")
            .append(f.droppedCommits())
            .append(" Commit(s) rolled back</p>");
      }
    }
    h.append("</section>");
  }

  private static void events(StringBuilder h, StatusSnapshot s) {
    h.append("<h2>Recent events</h2><section id=\"events\"><table>")
        .append("<tr><th>seq</th><th>time</th><th>group</th><th>event</th><th>detail</th></tr>");
    List<EventLog.Entry> newestFirst = new java.util.ArrayList<>(s.recentEvents());
    java.util.Collections.reverse(newestFirst);
    for (EventLog.Entry e : newestFirst) {
      h.append("<tr class=\"event\"><td>")
          .append(e.seq())
          .append("</td><td>")
          .append(Instant.ofEpochMilli(e.timeMillis()))
          .append("</td><td><code>")
          .append(Html.shortId(e.event().groupId().toHex(), 12))
          .append("</code></td><td>")
          .append(e.event().getClass().getSimpleName())
          .append("</td><td>")
          .append(detail(e.event()))
          .append("</td></tr>");
    }
    h.append("</table></section>");
  }

  private static String detail(MlsNodeEvent event) {
    if (event instanceof MlsNodeEvent.MessageReceived m) {
      return "message "
          + Html.shortId(m.messageId().toHex(), 12)
          + " from "
          + m.sender().map(id -> Html.shortId(id.toHex(), 12)).orElse("(unknown)")
          + ", "
          + m.payload().length()
          + " bytes";
    } else if (event instanceof MlsNodeEvent.MemberJoined j) {
      return Html.shortId(j.member().toHex(), 12) + " joined";
    } else if (event instanceof MlsNodeEvent.MemberLeft l) {
      return Html.shortId(l.member().toHex(), 12) + " left";
    } else if (event instanceof MlsNodeEvent.EpochChanged c) {
      return "epoch " + c.epoch() + " " + Html.shortId(c.epochAuthenticator().toHex(), 16);
    } else if (event instanceof MlsNodeEvent.ForkResolved f) {
      return "to epoch " + f.epoch() + ", " + f.droppedCommits() + " rolled back";
    }
    return Html.escape(event.toString());
  }

  private static void row(StringBuilder h, String name, long value) {
    h.append("<tr><th>").append(name).append("</th><td>").append(value).append("</td></tr>");
  }

  private static String coord(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String duration(long millis) {
    Duration d = Duration.ofMillis(Math.max(0, millis));
    return d.toHours() + "h " + d.toMinutesPart() + "m " + d.toSecondsPart() + "s";
  }
}
