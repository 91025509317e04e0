package org.mlsmesh.gossip.netty;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Framing of gossip envelopes on a link: a 4-byte big-endian length, then the encoded envelope. A
 * length above the maximum fails the decoder before any of the frame is buffered. Inbound frames
 * leave the pipeline as immutable {@link ByteString}s (the {@link ByteBuf} is copied and released
 * here), and outbound {@link ByteString}s are wrapped here: no {@code ByteBuf} escapes.
 */
public final class FrameCodec {
  public static final int LENGTH_BYTES = 4;

  private FrameCodec() {}

  /** Adds the framing handlers to the end of {@code pipeline}. */
  public static void install(ChannelPipeline pipeline, int maxFrameBytes) {
    pipeline.addLast(
        "frame-decoder",
        new LengthFieldBasedFrameDecoder(
            maxFrameBytes + LENGTH_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES, true));
    pipeline.addLast("frame-prepender", new LengthFieldPrepender(LENGTH_BYTES));
    pipeline.addLast("to-bytestring", new ToByteString());
    pipeline.addLast("from-bytestring", new FromByteString());
  }

  static final class ToByteString extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
      byte[] bytes = new byte[frame.readableBytes()];
      frame.readBytes(bytes);
      out.add(
          UnsafeByteOperations.unsafeWrap(bytes)); // ours alone; the decoder releases the ByteBuf
    }
  }

  static final class FromByteString extends MessageToMessageEncoder<ByteString> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ByteString frame, List<Object> out) {
      out.add(Unpooled.wrappedBuffer(frame.asReadOnlyByteBuffer()));
    }
  }
}
