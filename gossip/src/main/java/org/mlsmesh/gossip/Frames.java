package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.util.Collection;
import java.util.List;
import org.mlsmesh.gossip.wire.Beacon;
import org.mlsmesh.gossip.wire.Digest;
import org.mlsmesh.gossip.wire.DigestReply;
import org.mlsmesh.gossip.wire.Direct;
import org.mlsmesh.gossip.wire.Disconnect;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.ForwardJoin;
import org.mlsmesh.gossip.wire.IHave;
import org.mlsmesh.gossip.wire.IWant;
import org.mlsmesh.gossip.wire.Join;
import org.mlsmesh.gossip.wire.Neighbor;
import org.mlsmesh.gossip.wire.NeighborReply;
import org.mlsmesh.gossip.wire.PeerInfo;
import org.mlsmesh.gossip.wire.Ping;
import org.mlsmesh.gossip.wire.Prune;
import org.mlsmesh.gossip.wire.Publish;
import org.mlsmesh.gossip.wire.RootTerm;
import org.mlsmesh.gossip.wire.Shuffle;
import org.mlsmesh.gossip.wire.ShuffleReply;

/** Encoders of the version-1 envelopes the engine sends. */
public final class Frames {
  public static final int VERSION = 1;

  private Frames() {}

  private static Envelope.Builder envelope() {
    return Envelope.newBuilder().setVersion(VERSION);
  }

  /** The topic a frame is about, or "" for frames of no topic (membership, pings, directs). */
  public static String topicOf(Envelope envelope) {
    return switch (envelope.getBodyCase()) {
      case PUBLISH -> envelope.getPublish().getTopic();
      case IHAVE -> envelope.getIhave().getTopic();
      case IWANT -> envelope.getIwant().getTopic();
      case PRUNE -> envelope.getPrune().getTopic();
      case DIGEST -> envelope.getDigest().getTopic();
      case DIGEST_REPLY -> envelope.getDigestReply().getTopic();
      default -> "";
    };
  }

  static PeerInfo info(Peer peer) {
    return PeerInfo.newBuilder().setId(peer.id().toByteString()).setAddress(peer.address()).build();
  }

  static Envelope publish(String topic, ByteString payload, int hops, boolean pulled) {
    return envelope().setPublish(publishBody(topic, payload, hops, pulled)).build();
  }

  /** A push or pull answer on a group topic: it names the publisher, the root of the tree. */
  static Envelope groupPublish(
      String topic, ByteString payload, int hops, boolean pulled, PeerId origin) {
    return envelope()
        .setPublish(publishBody(topic, payload, hops, pulled).setOrigin(origin.toByteString()))
        .build();
  }

  private static Publish.Builder publishBody(
      String topic, ByteString payload, int hops, boolean pulled) {
    return Publish.newBuilder().setTopic(topic).setPayload(payload).setHops(hops).setPulled(pulled);
  }

  static Envelope ihave(String topic, List<MessageId> ids, int[] hops) {
    return ihave(topic, ids, hops, null, false);
  }

  /** An IHAVE; {@code ages} (ms each id was held, see the wire schema) may be null. */
  static Envelope ihave(String topic, List<MessageId> ids, int[] hops, int[] ages, boolean group) {
    IHave.Builder b = IHave.newBuilder().setTopic(topic).setGroup(group);
    for (int i = 0; i < ids.size(); i++) {
      b.addIds(ids.get(i).toByteString());
      b.addHops(hops[i]);
      if (ages != null) {
        b.addAges(ages[i]);
      }
    }
    return envelope().setIhave(b).build();
  }

  static Envelope iwant(String topic, Collection<MessageId> ids, boolean graft) {
    IWant.Builder b = IWant.newBuilder().setTopic(topic).setGraft(graft);
    ids.forEach(id -> b.addIds(id.toByteString()));
    return envelope().setIwant(b).build();
  }

  /** A beacon with the root's key for {@code seq}, and its signed term unless null. */
  static Envelope beacon(PeerId root, long seq, boolean parent, ByteString key, RootTerm term) {
    Beacon.Builder b =
        Beacon.newBuilder().setRoot(root.toByteString()).setSeq(seq).setParent(parent).setKey(key);
    if (term != null) {
      b.setTerm(term);
    }
    return envelope().setBeacon(b).build();
  }

  static Envelope prune(String topic) {
    return envelope().setPrune(Prune.newBuilder().setTopic(topic)).build();
  }

  static Envelope join(Peer self) {
    return envelope().setJoin(Join.newBuilder().setSender(info(self))).build();
  }

  static Envelope forwardJoin(Peer joiner, int ttl) {
    return envelope()
        .setForwardJoin(ForwardJoin.newBuilder().setJoiner(info(joiner)).setTtl(ttl))
        .build();
  }

  static Envelope neighbor(Peer self, boolean highPriority, boolean reconnect) {
    return envelope()
        .setNeighbor(
            Neighbor.newBuilder()
                .setSender(info(self))
                .setHighPriority(highPriority)
                .setReconnect(reconnect))
        .build();
  }

  static Envelope neighborReply(Peer self, boolean accepted) {
    return envelope()
        .setNeighborReply(NeighborReply.newBuilder().setSender(info(self)).setAccepted(accepted))
        .build();
  }

  static Envelope disconnect() {
    return envelope().setDisconnect(Disconnect.getDefaultInstance()).build();
  }

  static Envelope shuffle(Peer origin, int ttl, Collection<Peer> peers) {
    Shuffle.Builder b = Shuffle.newBuilder().setOrigin(info(origin)).setTtl(ttl);
    peers.forEach(p -> b.addPeers(info(p)));
    return envelope().setShuffle(b).build();
  }

  static Envelope shuffleReply(Collection<Peer> peers) {
    ShuffleReply.Builder b = ShuffleReply.newBuilder();
    peers.forEach(p -> b.addPeers(info(p)));
    return envelope().setShuffleReply(b).build();
  }

  static Envelope ping() {
    return envelope().setPing(Ping.getDefaultInstance()).build();
  }

  static Envelope digest(String topic, long[] buckets, boolean answer) {
    return digest(topic, buckets, answer, false);
  }

  static Envelope digest(String topic, long[] buckets, boolean answer, boolean group) {
    Digest.Builder b = Digest.newBuilder().setTopic(topic).setAnswer(answer).setGroup(group);
    for (long bucket : buckets) {
      b.addBuckets(bucket);
    }
    return envelope().setDigest(b).build();
  }

  static Envelope digestReply(String topic, Collection<MessageId> ids) {
    DigestReply.Builder b = DigestReply.newBuilder().setTopic(topic);
    ids.forEach(id -> b.addIds(id.toByteString()));
    return envelope().setDigestReply(b).build();
  }

  static Direct direct(PeerId destination, PeerId source, ByteString payload, long nonce) {
    return Direct.newBuilder()
        .setDestination(destination.toByteString())
        .setSource(source.toByteString())
        .setPayload(payload)
        .setNonce(nonce)
        .build();
  }

  static Envelope directFrame(Direct direct) {
    return envelope().setDirect(direct).build();
  }
}
