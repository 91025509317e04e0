package org.mlsmesh.app.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.MlsNodeListener;

/**
 * Collects the demo's events from every node's listener and from the demo's own actions, in the
 * order they happened; thread-safe (node events arrive on the nodes' actor threads).
 */
final class DemoRecorder {
  private final long startNanos = System.nanoTime();
  private final List<DemoEvent> events = new ArrayList<>();
  private volatile Names names = identity -> "?";
  private final Consumer<DemoEvent> live;
  private volatile String phase = "set-up";

  /** Names nodes by identity. */
  interface Names {
    String of(MemberId identity);
  }

  /** Gives each node its listener. */
  interface Factory {
    MlsNodeListener listenerOf(String node);
  }

  DemoRecorder(Consumer<DemoEvent> live) {
    this.live = live;
  }

  /** How to name nodes in the events from now on (known once the nodes have started). */
  void names(Names names) {
    this.names = names;
  }

  void phase(String phase) {
    this.phase = phase;
  }

  String phase() {
    return phase;
  }

  long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Records what the demo did at {@code node}. */
  DemoEvent action(String node, String what, Map<String, ?> data) {
    Map<String, Object> all = new java.util.TreeMap<>(data);
    all.put("what", what);
    return add(node, DemoEvent.Kinds.ACTION, all);
  }

  DemoEvent add(String node, String kind, Map<String, ?> data) {
    DemoEvent event;
    synchronized (events) {
      event = DemoEvent.of(elapsedMillis(), phase, node, kind, data);
      events.add(event);
    }
    live.accept(event);
    return event;
  }

  /** The listener of node {@code node}. */
  MlsNodeListener listenerOf(String node) {
    return event -> {
      if (event instanceof MlsNodeEvent.MessageReceived m) {
        add(
            node,
            DemoEvent.Kinds.MESSAGE,
            Map.of("from", m.sender().map(names::of).orElse("?"), "id", m.messageId().toHex()));
      } else if (event instanceof MlsNodeEvent.MemberJoined j) {
        add(node, DemoEvent.Kinds.JOINED, Map.of("member", names.of(j.member())));
      } else if (event instanceof MlsNodeEvent.MemberLeft l) {
        add(node, DemoEvent.Kinds.LEFT, Map.of("member", names.of(l.member())));
      } else if (event instanceof MlsNodeEvent.EpochChanged e) {
        add(
            node,
            DemoEvent.Kinds.EPOCH,
            Map.of("epoch", e.epoch(), "authenticator", e.epochAuthenticator().toHex()));
      } else if (event instanceof MlsNodeEvent.ForkResolved f) {
        add(
            node,
            DemoEvent.Kinds.FORK_RESOLVED,
            Map.of(
                "epoch",
                f.epoch(),
                "authenticator",
                f.epochAuthenticator().toHex(),
                "dropped",
                f.droppedCommits()));
      }
    };
  }

  List<DemoEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
