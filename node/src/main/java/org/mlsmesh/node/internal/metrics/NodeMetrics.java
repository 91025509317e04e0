package org.mlsmesh.node.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one node, registered in the embedder's {@link MeterRegistry} with the tag {@code
 * node} (the peer id in hex), so that several nodes can share a registry. Without a registry
 * ({@link #none()}) every meter is Micrometer's no-op: nothing is recorded.
 *
 * <p>The engines stay free of metrics: the shells (gossip and group actors, storage) derive every
 * meter from what the engines already tell them. {@code docs/embedding.md} lists the meters.
 */
public final class NodeMetrics {
  /** The prefix of every meter name. */
  public static final String PREFIX = "mlsmesh.";

  private final MeterRegistry registry;
  private final boolean enabled;
  private final String node;
  private final AtomicInteger links = new AtomicInteger();
  private final AtomicInteger groups = new AtomicInteger();

  final Counter framesIn;
  final Counter framesOut;
  final Counter bytesIn;
  final Counter bytesOut;
  final Counter invalidFrames;
  final Counter bans;
  final Counter epochs;
  final Counter forks;
  final Counter rollbacks;
  final Counter resentApplications;
  final Counter resentProposals;
  final Counter rebuiltCommits;
  final Counter deliveries;
  final Counter refused;
  final Timer deliveryDelay;
  final Timer commitToFinal;
  final Timer storageTransaction;

  private NodeMetrics(MeterRegistry registry, boolean enabled, String node) {
    this.registry = registry;
    this.enabled = enabled;
    this.node = node;
    Tags tags = Tags.of("node", node);
    gauge(registry, tags, "gossip.links", links, "peers in the gossip active view");
    framesIn = counter(registry, tags, "gossip.frames.in", "frames", "frames read from links");
    framesOut = counter(registry, tags, "gossip.frames.out", "frames", "frames written to links");
    bytesIn = counter(registry, tags, "gossip.bytes.in", "bytes", "bytes of the frames read");
    bytesOut = counter(registry, tags, "gossip.bytes.out", "bytes", "bytes of the frames written");
    invalidFrames =
        counter(
            registry,
            tags,
            "gossip.frames.invalid",
            "frames",
            "frames that did not parse, were oversized or broke the protocol");
    bans = counter(registry, tags, "gossip.bans", "bans", "peers banned for their penalty points");
    gauge(registry, tags, "groups", groups, "groups this node is a member of");
    epochs = counter(registry, tags, "group.epochs", "epochs", "epochs made final");
    forks =
        counter(
            registry, tags, "group.forks", "commits", "Commits that lost a race for their epoch");
    rollbacks =
        counter(
            registry,
            tags,
            "group.rollbacks",
            "rollbacks",
            "head rolled back to a snapshot to apply a better sibling Commit");
    String resends = "messages sent again after the epoch they were sent in lost";
    resentApplications = resend(registry, tags, "application", resends);
    resentProposals = resend(registry, tags, "proposal", resends);
    rebuiltCommits = resend(registry, tags, "commit", resends);
    deliveries =
        counter(
            registry,
            tags,
            "group.deliveries",
            "messages",
            "application messages delivered to the application, once per message id");
    refused =
        counter(registry, tags, "group.refused", "messages", "group messages refused as invalid");
    deliveryDelay =
        timer(
            registry,
            tags,
            "group.delivery.delay",
            "from an application message's send time (sender's clock) to its arrival here");
    commitToFinal =
        timer(
            registry,
            tags,
            "group.commit.final",
            "from creating a Commit to its epoch being final (Commits that won)");
    storageTransaction =
        timer(
            registry,
            tags,
            "storage.transaction",
            "one storage transaction, its wait for the storage included");
  }

  /** Meters in {@code registry}, tagged with the node's peer id in hex. */
  public static NodeMetrics of(MeterRegistry registry, String node) {
    return new NodeMetrics(registry, true, node);
  }

  /** No metrics: Micrometer's no-op meters (an empty composite registry records nothing). */
  public static NodeMetrics none() {
    return new NodeMetrics(new CompositeMeterRegistry(), false, "");
  }

  /** True when the meters record: a registry was given. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Removes the node's meters from the registry, when the node stopped: a node started again with
   * the same identity and registry registers them anew (a gauge left behind would read a stopped
   * node's state, or nothing once that is collected).
   */
  public void close() {
    for (Meter meter : List.copyOf(registry.getMeters())) {
      if (meter.getId().getName().startsWith(PREFIX) && node.equals(meter.getId().getTag("node"))) {
        registry.remove(meter);
      }
    }
  }

  public void linksNow(int count) {
    links.set(count);
  }

  public void groupsNow(int count) {
    groups.set(count);
  }

  public void frameIn(int bytes) {
    framesIn.increment();
    bytesIn.increment(bytes);
  }

  public void frameOut(int bytes) {
    framesOut.increment();
    bytesOut.increment(bytes);
  }

  public void invalidFrames(long count) {
    if (count > 0) {
      invalidFrames.increment(count);
    }
  }

  public void banned() {
    bans.increment();
  }

  public Timer storageTransaction() {
    return storageTransaction;
  }

  /** A gauge of {@code value}, its unit the name's last word ({@code links}, {@code groups}). */
  private static void gauge(
      MeterRegistry registry, Tags tags, String name, AtomicInteger value, String description) {
    Gauge.builder(PREFIX + name, value, AtomicInteger::get)
        .description(description)
        .baseUnit(name.substring(name.lastIndexOf('.') + 1))
        .tags(tags)
        .register(registry);
  }

  private static Counter counter(
      MeterRegistry registry, Tags tags, String name, String unit, String description) {
    return Counter.builder(PREFIX + name)
        .description(description)
        .baseUnit(unit)
        .tags(tags)
        .register(registry);
  }

  private static Counter resend(
      MeterRegistry registry, Tags tags, String kind, String description) {
    return Counter.builder(PREFIX + "group.resends")
        .description(description)
        .baseUnit("messages")
        .tags(tags.and("kind", kind))
        .register(registry);
  }

  private static Timer timer(MeterRegistry registry, Tags tags, String name, String description) {
    return Timer.builder(PREFIX + name).description(description).tags(tags).register(registry);
  }
}
