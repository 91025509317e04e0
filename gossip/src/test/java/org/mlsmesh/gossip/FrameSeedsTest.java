package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Envelope;

/** The seeds of {@link FrameFuzzTest} are today's envelopes, and the engine takes each as valid. */
class FrameSeedsTest {
  private static Path inputs(String target) throws Exception {
    return Path.of(FrameSeedsTest.class.getResource("FrameFuzzTestInputs/" + target).toURI());
  }

  @Test
  void everyFrameSeedIsAValidEnvelopeOfItsKind() throws Exception {
    for (Map.Entry<String, Envelope> e : FrameSeeds.envelopes().entrySet()) {
      byte[] seed = Files.readAllBytes(inputs("frame").resolve(e.getKey()));
      assertThat(Envelope.parseFrom(seed)).as(e.getKey()).isEqualTo(e.getValue());
      GossipEngine engine = SingleEngine.linkedTo(List.of(FrameFuzzTest.PEER));
      engine.onInput(
          new Input.FrameReceived(FrameFuzzTest.PEER.id(), ByteString.copyFrom(seed)), 1);
      assertThat(engine.counters().invalidFrames).as(e.getKey()).isZero();
    }
  }

  @Test
  void everyLinkSeedIsTheFramedEnvelope() throws Exception {
    for (Map.Entry<String, Envelope> e : FrameSeeds.envelopes().entrySet()) {
      assertThat(Files.readAllBytes(inputs("link").resolve(e.getKey())))
          .as(e.getKey())
          .isEqualTo(FrameSeeds.framed(e.getValue()));
    }
  }
}
