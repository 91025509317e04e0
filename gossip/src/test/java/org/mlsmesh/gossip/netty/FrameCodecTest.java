package org.mlsmesh.gossip.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private static final int MAX = 1024;

  private static EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    FrameCodec.install(ch.pipeline(), MAX);
    return ch;
  }

  private static ByteBuf framed(byte[] body) {
    return Unpooled.buffer().writeInt(body.length).writeBytes(body);
  }

  @Test
  void outboundFramesArePrefixedWithTheirLength() {
    EmbeddedChannel ch = channel();
    ch.writeOutbound(ByteString.copyFromUtf8("hello"));
    ByteBuf out = ch.readOutbound();
    ByteBuf all = Unpooled.buffer();
    while (out != null) {
      all.writeBytes(out);
      out.release();
      out = ch.readOutbound();
    }
    assertThat(all.readInt()).isEqualTo(5);
    byte[] body = new byte[5];
    all.readBytes(body);
    assertThat(new String(body, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hello");
    all.release();
  }

  @Test
  void inboundFrameBecomesAByteStringAndTheBufferIsReleased() {
    EmbeddedChannel ch = channel();
    ByteBuf in = framed(new byte[] {1, 2, 3});
    ch.writeInbound(in);
    ByteString frame = ch.readInbound();
    assertThat(frame.toByteArray()).containsExactly(1, 2, 3);
    assertThat(in.refCnt()).isZero();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void aFrameSplitAcrossReadsWaitsUntilWhole() {
    EmbeddedChannel ch = channel();
    ByteBuf whole = framed(new byte[] {7, 8, 9, 10});
    ch.writeInbound(whole.readRetainedSlice(3));
    assertThat((Object) ch.readInbound()).isNull();
    ch.writeInbound(whole.readRetainedSlice(whole.readableBytes()));
    whole.release();
    ByteString frame = ch.readInbound();
    assertThat(frame.toByteArray()).containsExactly(7, 8, 9, 10);
  }

  @Test
  void twoFramesInOneReadAreTwoMessages() {
    EmbeddedChannel ch = channel();
    ByteBuf both = Unpooled.wrappedBuffer(framed(new byte[] {1}), framed(new byte[] {2, 2}));
    ch.writeInbound(both);
    assertThat(((ByteString) ch.readInbound()).size()).isEqualTo(1);
    assertThat(((ByteString) ch.readInbound()).size()).isEqualTo(2);
  }

  @Test
  void anOversizedLengthFailsBeforeTheFrameIsBuffered() {
    EmbeddedChannel ch = channel();
    ByteBuf header = Unpooled.buffer().writeInt(MAX + 1).writeByte(0);
    assertThatThrownBy(() -> ch.writeInbound(header)).isInstanceOf(TooLongFrameException.class);
    assertThat((Object) ch.readInbound()).isNull();
  }

  @Test
  void aFrameOfExactlyTheMaximumPasses() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(framed(new byte[MAX]));
    assertThat(((ByteString) ch.readInbound()).size()).isEqualTo(MAX);
  }
}
