package org.mlsmesh.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Digest;
import org.mlsmesh.gossip.wire.DigestReply;

/**
 * Anti-entropy: every interval this node sends the digests of its topics (XOR of settled message id
 * prefixes per bucket) to a random partner, which answers with the ids in the buckets that differ;
 * the missing ones are pulled. A partner is active, passive or lately failed, so a partition heals.
 * A new link starts with the digests and the ids too recent for them (catch-up). A group topic is
 * compared with a random member of it instead, and never with anyone else.
 */
final class AntiEntropy {
  static final int MAX_DIGEST_TOPICS_PER_ROUND = 16;
  static final int GROUP_DIGESTS_PER_ROUND = 4;

  private final GossipConfig config;
  private final RandomGenerator random;
  private final Outbox out;
  private final Membership membership;
  private final Broadcast broadcast;
  private final GroupTopics groups;
  private final GossipEngine.Counters counters;
  private final long antiEntropyDelayMillis;
  private int digestRotation;
  private int groupRotation;

  AntiEntropy(
      GossipConfig config,
      RandomGenerator random,
      Outbox out,
      Membership membership,
      Broadcast broadcast,
      GroupTopics groups,
      GossipEngine.Counters counters) {
    this.config = config;
    this.random = random;
    this.out = out;
    this.membership = membership;
    this.broadcast = broadcast;
    this.groups = groups;
    this.counters = counters;
    this.antiEntropyDelayMillis = config.antiEntropyDelay().toMillis();
  }

  /** The first round comes at a random time within one interval after start. */
  void scheduleFirstRound(long now) {
    out.setTimer(
        TimerKey.ANTI_ENTROPY, now + random.nextLong(config.antiEntropyInterval().toMillis()) + 1);
  }

  /**
   * One round, on its own timer (not the heartbeat's), so that an interval below the heartbeat
   * interval is honoured: under heavy loss each round repairs only with some probability, and the
   * interval is what bounds the wait.
   */
  void round(long now) {
    out.setTimer(TimerKey.ANTI_ENTROPY, now + config.antiEntropyInterval().toMillis());
    List<TopicState> all = new ArrayList<>();
    for (TopicState t : broadcast.topics()) {
      t.settle(now - antiEntropyDelayMillis);
      if (!t.group) {
        all.add(t);
      }
    }
    groupRound(now);
    Peer partner = membership.antiEntropyPartner();
    if (partner == null || all.isEmpty()) {
      return;
    }
    int count = Math.min(all.size(), MAX_DIGEST_TOPICS_PER_ROUND);
    for (int i = 0; i < count; i++) {
      TopicState t = all.get((digestRotation + i) % all.size());
      if (t.retainedCount() > 0 || broadcast.isSubscribed(t.name)) {
        out.send(partner, Frames.digest(t.name, t.digest(), false), now);
      }
    }
    digestRotation = (digestRotation + count) % all.size();
  }

  /**
   * Sends the digest of the next group topics in turn to a random member of each: {@value
   * #GROUP_DIGESTS_PER_ROUND} a round, since the IHAVEs among members repair nearly everything and
   * a digest (half a kilobyte) per group and round was most of a member's control traffic.
   */
  private void groupRound(long now) {
    List<String> names = groups.topics();
    int count = Math.min(names.size(), GROUP_DIGESTS_PER_ROUND);
    for (int i = 0; i < count; i++) {
      TopicState t = broadcast.existing(names.get((groupRotation + i) % names.size()));
      if (t != null && (t.retainedCount() > 0 || broadcast.isSubscribed(t.name))) {
        Peer member = groups.randomMember(t.name, random);
        if (member != null) {
          out.send(member, Frames.digest(t.name, t.digest(), false, true), now);
        }
      }
    }
    groupRotation = names.isEmpty() ? 0 : (groupRotation + count) % names.size();
  }

  /**
   * Answers a digest with our ids in the buckets that differ (the asker pulls what it lacks) and,
   * unless the digest is itself an answer, with our own digest, so that we learn in turn what the
   * asker holds that we lack: the exchange repairs both ends in one round.
   */
  void onDigest(PeerId from, Digest digest, long now) throws BadFrame {
    if (digest.getBucketsCount() != TopicState.BUCKETS) {
      throw new BadFrame("digest of " + digest.getBucketsCount() + " buckets");
    }
    TopicState t = broadcast.named(digest.getTopic());
    if (t == null || (digest.getGroup() && !broadcast.markedGroup(t))) {
      return;
    }
    if (t.group && !groups.isMember(t.name, from)) {
      counters.groupRefusals++;
      return; // only members learn which messages a group holds
    }
    t.settle(now - antiEntropyDelayMillis);
    if (!t.differsFrom(digest.getBucketsList())) {
      return;
    }
    Peer asker = broadcast.peerOf(from);
    List<MessageId> ids =
        t.idsWhereDifferent(
            digest.getBucketsList(),
            GossipEngine.MAX_IDS_PER_FRAME,
            random.nextInt(TopicState.BUCKETS));
    if (!ids.isEmpty()) {
      out.send(asker, Frames.digestReply(t.name, ids), now);
    }
    if (!digest.getAnswer()) {
      out.send(asker, Frames.digest(t.name, t.digest(), true, t.group), now);
    }
  }

  void onDigestReply(PeerId from, DigestReply reply, long now) throws BadFrame {
    List<MessageId> ids = GossipEngine.ids(reply.getIdsList());
    TopicState t = broadcast.named(reply.getTopic());
    if (t == null) {
      return;
    }
    List<MessageId> wanted = new ArrayList<>();
    for (MessageId id : ids) {
      if (!broadcast.hasSeen(id)) {
        wanted.add(id);
      }
    }
    if (!wanted.isEmpty()) {
      counters.antiEntropyIds += wanted.size();
      // Pulled like announced messages: asked for again when the IWANT or its answer is lost.
      broadcast.pull(from, t.name, wanted, now);
    }
  }

  /**
   * Tells a new neighbour what this node holds: the digest of each topic (older messages, which it
   * pulls by anti-entropy) and the ids of the messages too recent for the digest (which it pulls
   * like any lazy announcement). A link that re-forms after a partition so carries across
   * everything the other side missed, including what was still spreading when the partition healed.
   */
  void catchUp(Link link, long now) {
    int sent = 0;
    for (TopicState t : broadcast.topics()) {
      if (t.retainedCount() == 0 || t.group) {
        continue;
      }
      if (sent++ == MAX_DIGEST_TOPICS_PER_ROUND) {
        return;
      }
      t.settle(now - antiEntropyDelayMillis);
      // Both ends of a new link send this; neither needs the other's digest in answer.
      out.send(link, Frames.digest(t.name, t.digest(), true), now);
      List<MessageId> recent = t.unsettledIds(GossipEngine.MAX_IDS_PER_FRAME);
      if (!recent.isEmpty()) {
        int[] hops = new int[recent.size()];
        for (int i = 0; i < hops.length; i++) {
          hops[i] = t.retained(recent.get(i)).hops;
        }
        out.send(link, Frames.ihave(t.name, recent, hops), now);
      }
    }
  }
}
