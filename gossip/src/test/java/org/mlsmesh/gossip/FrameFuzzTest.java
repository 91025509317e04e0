package org.mlsmesh.gossip;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import org.mlsmesh.gossip.netty.FrameCodec;

/**
 * What a peer can send: a byte stream on a link, framed by {@link FrameCodec}, each frame handed to
 * a {@link GossipEngine}; and single frames straight to the engine. The codec may only refuse a
 * stream with a {@link DecoderException} (the link closes); the engine must take every frame
 * without throwing. Seeds: {@code FrameFuzzTestInputs}, written by {@link FrameSeeds}.
 */
class FrameFuzzTest {
  static final Peer PEER = Harness.peer(1);
  static final int MAX_FRAME_BYTES = 4096;

  @FuzzTest(maxDuration = "5s")
  void link(byte[] stream) {
    GossipEngine engine = SingleEngine.linkedTo(List.of(PEER));
    EmbeddedChannel channel = new EmbeddedChannel();
    FrameCodec.install(channel.pipeline(), MAX_FRAME_BYTES);
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(stream));
    } catch (DecoderException e) {
      // the link closes; the frames before it were read
    }
    for (ByteString frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      engine.onInput(new Input.FrameReceived(PEER.id(), frame), 1);
    }
    channel.finishAndReleaseAll();
  }

  @FuzzTest(maxDuration = "5s")
  void frame(byte[] frame) {
    GossipEngine engine = SingleEngine.linkedTo(List.of(PEER));
    engine.onInput(new Input.FrameReceived(PEER.id(), ByteString.copyFrom(frame)), 1);
  }
}
