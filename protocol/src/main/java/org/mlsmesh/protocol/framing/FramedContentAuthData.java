package org.mlsmesh.protocol.framing;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §6.1:
 *
 * <pre>
 * struct {
 *     opaque signature&lt;V&gt;;
 *     select (FramedContent.content_type) {
 *         case commit:      MAC confirmation_tag;
 *         case application:
 *         case proposal:    struct{};
 *     };
 * } FramedContentAuthData;
 * </pre>
 *
 * The structs that hold one check that the confirmation tag is present exactly for a commit.
 */
public record FramedContentAuthData(Bytes signature, Optional<Bytes> confirmationTag)
    implements Encodable {

  public FramedContentAuthData {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(confirmationTag, "confirmationTag");
  }

  /** Auth data of an application message or a proposal. */
  public static FramedContentAuthData of(Bytes signature) {
    return new FramedContentAuthData(signature, Optional.empty());
  }

  /** Auth data of a commit. */
  public static FramedContentAuthData of(Bytes signature, Bytes confirmationTag) {
    return new FramedContentAuthData(signature, Optional.of(confirmationTag));
  }

  /** Reads the auth data of content of type {@code type}. */
  public static FramedContentAuthData decode(TlsReader reader, ContentType type)
      throws DecodeException {
    Bytes signature = reader.vlBytes();
    return switch (type) {
      case COMMIT -> of(signature, reader.vlBytes());
      case APPLICATION, PROPOSAL -> of(signature);
    };
  }

  /**
   * @throws IllegalArgumentException unless the confirmation tag is present exactly for a commit
   */
  void requireMatches(ContentType type) {
    if (confirmationTag.isPresent() != (type == ContentType.COMMIT)) {
      throw new IllegalArgumentException(
          "a confirmation tag goes with commit content only, content type is " + type);
    }
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(signature);
    confirmationTag.ifPresent(writer::vlBytes);
  }
}
