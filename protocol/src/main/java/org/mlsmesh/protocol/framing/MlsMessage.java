package org.mlsmesh.protocol.framing;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Welcome;

/**
 * RFC 9420 §6:
 *
 * <pre>
 * struct {
 *     ProtocolVersion version = mls10;
 *     WireFormat wire_format;
 *     select (MLSMessage.wire_format) {
 *         case mls_public_message:  PublicMessage public_message;
 *         case mls_private_message: PrivateMessage private_message;
 *         case mls_welcome:         Welcome welcome;
 *         case mls_group_info:      GroupInfo group_info;
 *         case mls_key_package:     KeyPackage key_package;
 *     };
 * } MLSMessage;
 * </pre>
 *
 * Decoding rejects any version but mls10 and any unknown wire format.
 */
public record MlsMessage(ProtocolVersion version, MlsMessageBody body) implements Encodable {
  public MlsMessage {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(body, "body");
  }

  public static MlsMessage of(MlsMessageBody body) {
    return new MlsMessage(ProtocolVersion.MLS10, body);
  }

  public static MlsMessage of(PublicMessage message) {
    return of(new MlsMessageBody.PublicMessageBody(message));
  }

  public static MlsMessage of(PrivateMessage message) {
    return of(new MlsMessageBody.PrivateMessageBody(message));
  }

  public static MlsMessage of(Welcome welcome) {
    return of(new MlsMessageBody.WelcomeBody(welcome));
  }

  public static MlsMessage of(GroupInfo groupInfo) {
    return of(new MlsMessageBody.GroupInfoBody(groupInfo));
  }

  public static MlsMessage of(KeyPackage keyPackage) {
    return of(new MlsMessageBody.KeyPackageBody(keyPackage));
  }

  public WireFormat wireFormat() {
    return body.wireFormat();
  }

  public Optional<PublicMessage> publicMessage() {
    return body instanceof MlsMessageBody.PublicMessageBody b
        ? Optional.of(b.message())
        : Optional.empty();
  }

  public Optional<PrivateMessage> privateMessage() {
    return body instanceof MlsMessageBody.PrivateMessageBody b
        ? Optional.of(b.message())
        : Optional.empty();
  }

  public Optional<Welcome> welcome() {
    return body instanceof MlsMessageBody.WelcomeBody b
        ? Optional.of(b.welcome())
        : Optional.empty();
  }

  public Optional<GroupInfo> groupInfo() {
    return body instanceof MlsMessageBody.GroupInfoBody b
        ? Optional.of(b.groupInfo())
        : Optional.empty();
  }

  public Optional<KeyPackage> keyPackage() {
    return body instanceof MlsMessageBody.KeyPackageBody b
        ? Optional.of(b.keyPackage())
        : Optional.empty();
  }

  public static MlsMessage decode(TlsReader reader) throws DecodeException {
    ProtocolVersion version = ProtocolVersion.decode(reader);
    WireFormat format = WireFormat.decode(reader);
    return new MlsMessage(version, MlsMessageBody.decode(reader, format));
  }

  @Override
  public void encode(TlsWriter writer) {
    version.encode(writer);
    body.wireFormat().encode(writer);
    body.encode(writer);
  }
}
