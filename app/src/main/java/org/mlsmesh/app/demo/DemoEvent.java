package org.mlsmesh.app.demo;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One line of the demo's record: something a node reported ({@code kind} of {@link Kinds}'s node
 * events) or something the demo did ({@code action}), at {@code atMillis} since the demo started.
 *
 * @param phase the part of the demo it happened in (set-up, chat, race, partition, heal, final)
 * @param node the node it happened at or the node that acted ({@code ""} for the whole demo)
 * @param data the event's values as text, by name (sorted, so the record prints the same way)
 */
public record DemoEvent(
    long atMillis, String phase, String node, String kind, SortedMap<String, String> data) {
  public DemoEvent {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(kind, "kind");
    data = Collections.unmodifiableSortedMap(new TreeMap<>(data));
  }

  static DemoEvent of(long atMillis, String phase, String node, String kind, Map<String, ?> data) {
    SortedMap<String, String> text = new TreeMap<>();
    data.forEach((k, v) -> text.put(k, String.valueOf(v)));
    return new DemoEvent(atMillis, phase, node, kind, text);
  }

  /** The value {@code key}, or a failure naming the event when it is missing. */
  public String get(String key) {
    String value = data.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "demo event " + kind + " at " + atMillis + " ms has no " + key);
    }
    return value;
  }

  /** The names of the kinds. */
  public static final class Kinds {
    /** The node delivered an application message: {@code from}, {@code id}. */
    public static final String MESSAGE = "message";

    /** A member joined, as the node saw it: {@code member}. */
    public static final String JOINED = "joined";

    /** A member left, as the node saw it: {@code member}. */
    public static final String LEFT = "left";

    /** The node's current epoch changed: {@code epoch}, {@code authenticator} (hex). */
    public static final String EPOCH = "epoch";

    /** The node's fork choice rolled back: {@code epoch} (the new head), {@code dropped}. */
    public static final String FORK_RESOLVED = "fork-resolved";

    /** The demo sent a message: {@code id}, {@code recipients} (names, comma-separated). */
    public static final String SENT = "sent";

    /**
     * The node's group status at the end: {@code epoch}, {@code authenticator}, {@code members}.
     */
    public static final String FINAL_STATUS = "final-status";

    /** Anything else the demo did: {@code what} and its own values. */
    public static final String ACTION = "action";

    private Kinds() {}
  }
}
