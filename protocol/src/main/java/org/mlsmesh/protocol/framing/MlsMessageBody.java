package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Welcome;

/** The body of an MLSMessage, selected by its wire format (RFC 9420 §6). */
public sealed interface MlsMessageBody
    permits MlsMessageBody.PublicMessageBody,
        MlsMessageBody.PrivateMessageBody,
        MlsMessageBody.WelcomeBody,
        MlsMessageBody.GroupInfoBody,
        MlsMessageBody.KeyPackageBody {

  WireFormat wireFormat();

  /** Writes the selected struct, without the wire format. */
  void encode(TlsWriter writer);

  /** Reads the struct selected by {@code format}. */
  static MlsMessageBody decode(TlsReader reader, WireFormat format) throws DecodeException {
    return switch (format) {
      case PUBLIC_MESSAGE -> new PublicMessageBody(PublicMessage.decode(reader));
      case PRIVATE_MESSAGE -> new PrivateMessageBody(PrivateMessage.decode(reader));
      case WELCOME -> new WelcomeBody(Welcome.decode(reader));
      case GROUP_INFO -> new GroupInfoBody(GroupInfo.decode(reader));
      case KEY_PACKAGE -> new KeyPackageBody(KeyPackage.decode(reader));
    };
  }

  /** mls_public_message. */
  record PublicMessageBody(PublicMessage message) implements MlsMessageBody {
    public PublicMessageBody {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.PUBLIC_MESSAGE;
    }

    @Override
    public void encode(TlsWriter writer) {
      message.encode(writer);
    }
  }

  /** mls_private_message. */
  record PrivateMessageBody(PrivateMessage message) implements MlsMessageBody {
    public PrivateMessageBody {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.PRIVATE_MESSAGE;
    }

    @Override
    public void encode(TlsWriter writer) {
      message.encode(writer);
    }
  }

  /** mls_welcome. */
  record WelcomeBody(Welcome welcome) implements MlsMessageBody {
    public WelcomeBody {
      Objects.requireNonNull(welcome, "welcome");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.WELCOME;
    }

    @Override
    public void encode(TlsWriter writer) {
      welcome.encode(writer);
    }
  }

  /** mls_group_info. */
  record GroupInfoBody(GroupInfo groupInfo) implements MlsMessageBody {
    public GroupInfoBody {
      Objects.requireNonNull(groupInfo, "groupInfo");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.GROUP_INFO;
    }

    @Override
    public void encode(TlsWriter writer) {
      groupInfo.encode(writer);
    }
  }

  /** mls_key_package. */
  record KeyPackageBody(KeyPackage keyPackage) implements MlsMessageBody {
    public KeyPackageBody {
      Objects.requireNonNull(keyPackage, "keyPackage");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.KEY_PACKAGE;
    }

    @Override
    public void encode(TlsWriter writer) {
      keyPackage.encode(writer);
    }
  }
}
