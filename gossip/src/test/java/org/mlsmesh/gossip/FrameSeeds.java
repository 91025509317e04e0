package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * One valid envelope of each kind, the seeds of {@link FrameFuzzTest}: alone for {@code frame},
 * length-prefixed for {@code link} (and all of them on one link). Run from the repository root
 * after changing the wire schema:
 *
 * <pre>
 * mvn -B -q -pl gossip -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.mlsmesh.gossip.FrameSeeds
 * </pre>
 */
public final class FrameSeeds {
  static final String INPUTS = "gossip/src/test/resources/org/mlsmesh/gossip/FrameFuzzTestInputs";

  private FrameSeeds() {}

  static Map<String, Envelope> envelopes() {
    Peer other = Harness.peer(2);
    ByteString payload = ByteString.copyFrom("hello", StandardCharsets.UTF_8);
    MessageId id = MessageId.ofPayload(payload);
    Map<String, Envelope> all = new LinkedHashMap<>();
    all.put("publish", Frames.publish(SingleEngine.TOPIC, payload, 1, false));
    all.put("ihave", Frames.ihave(SingleEngine.TOPIC, List.of(id), new int[] {2}));
    all.put("iwant", Frames.iwant(SingleEngine.TOPIC, List.of(id), true));
    all.put("prune", Frames.prune(SingleEngine.TOPIC));
    all.put("join", Frames.join(FrameFuzzTest.PEER));
    all.put("forward-join", Frames.forwardJoin(other, 3));
    all.put("neighbor", Frames.neighbor(FrameFuzzTest.PEER, true, false));
    all.put("neighbor-reply", Frames.neighborReply(FrameFuzzTest.PEER, true));
    all.put("shuffle", Frames.shuffle(FrameFuzzTest.PEER, 2, List.of(other)));
    all.put("shuffle-reply", Frames.shuffleReply(List.of(other)));
    all.put("ping", Frames.ping());
    all.put("digest", Frames.digest(SingleEngine.TOPIC, new long[TopicState.BUCKETS], false));
    all.put("digest-reply", Frames.digestReply(SingleEngine.TOPIC, List.of(id)));
    all.put(
        "direct",
        Frames.directFrame(
            Frames.direct(Harness.peer(0).id(), FrameFuzzTest.PEER.id(), payload, 7)));
    all.put("disconnect", Frames.disconnect());
    return all;
  }

  static byte[] framed(Envelope envelope) {
    byte[] body = envelope.toByteArray();
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  public static void main(String[] args) throws IOException {
    Path frames = Files.createDirectories(Path.of(INPUTS, "frame"));
    Path links = Files.createDirectories(Path.of(INPUTS, "link"));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Map.Entry<String, Envelope> e : envelopes().entrySet()) {
      Files.write(frames.resolve(e.getKey()), e.getValue().toByteArray());
      Files.write(links.resolve(e.getKey()), framed(e.getValue()));
      all.write(framed(e.getValue()));
    }
    Files.write(links.resolve("all"), all.toByteArray());
  }
}
