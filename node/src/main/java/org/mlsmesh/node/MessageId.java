package org.mlsmesh.node;

import org.mlsmesh.consensus.mls.AppContent;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The id of an application message ({@link MlsNode#send} completes with it, {@link
 * MlsNodeEvent.MessageReceived} carries it): chosen by the sender, kept when the message is sent
 * again on the winning branch of a fork, so that each member delivers it once. 1 to 64 bytes (16
 * random ones from this node), printed as hex. Immutable; equal when the bytes are.
 */
public final class MessageId extends HexId<MessageId> {
  /** The longest message id accepted on the wire. */
  public static final int MAX_LENGTH = AppContent.MAX_ID;

  private MessageId(Bytes value) {
    super(value);
  }

  /**
   * The message id {@code value}.
   *
   * @throws IllegalArgumentException when it is empty or longer than {@link #MAX_LENGTH}
   */
  public static MessageId of(Bytes value) {
    return new MessageId(HexId.check("message id", value, MAX_LENGTH));
  }

  /**
   * The message id written as {@code hex} (as {@link #toString()} prints it).
   *
   * @throws IllegalArgumentException when it is not hex, empty or too long
   */
  public static MessageId fromHex(String hex) {
    return new MessageId(HexId.parseHex("message id", hex, MAX_LENGTH));
  }
}
