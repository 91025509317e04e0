package org.mlsmesh.protocol.conformance;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.ExternalInit;
import org.mlsmesh.protocol.message.GroupContextExtensions;
import org.mlsmesh.protocol.message.GroupSecrets;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.Update;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/**
 * The {@code messages} vectors: every field is the encoding of one wire struct, which must decode
 * strictly (no trailing bytes) and re-encode to the identical bytes. The proposal fields hold the
 * bare proposal structs (Add, Update, ...) without the proposal type.
 */
public final class MessagesCheck implements VectorCheck {
  private static final Map<String, RoundTrip> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("mls_welcome", message(WireFormat.WELCOME));
    FIELDS.put("mls_group_info", message(WireFormat.GROUP_INFO));
    FIELDS.put("mls_key_package", message(WireFormat.KEY_PACKAGE));
    FIELDS.put("ratchet_tree", struct(RatchetTreeNodes::decode));
    FIELDS.put("group_secrets", struct(GroupSecrets::decode));
    FIELDS.put("add_proposal", proposal(Add::decodeBody));
    FIELDS.put("update_proposal", proposal(Update::decodeBody));
    FIELDS.put("remove_proposal", proposal(Remove::decodeBody));
    FIELDS.put("pre_shared_key_proposal", proposal(PreSharedKey::decodeBody));
    FIELDS.put("re_init_proposal", proposal(ReInit::decodeBody));
    FIELDS.put("external_init_proposal", proposal(ExternalInit::decodeBody));
    FIELDS.put("group_context_extensions_proposal", proposal(GroupContextExtensions::decodeBody));
    FIELDS.put("commit", struct(Commit::decode));
    FIELDS.put("public_message_application", message(WireFormat.PUBLIC_MESSAGE));
    FIELDS.put("public_message_proposal", message(WireFormat.PUBLIC_MESSAGE));
    FIELDS.put("public_message_commit", message(WireFormat.PUBLIC_MESSAGE));
    FIELDS.put("private_message", message(WireFormat.PRIVATE_MESSAGE));
  }

  @Override
  public String kind() {
    return "messages";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    for (Map.Entry<String, RoundTrip> field : FIELDS.entrySet()) {
      String name = field.getKey();
      Bytes input = vector.hex(name);
      Bytes output;
      try {
        output = field.getValue().apply(name, input);
      } catch (DecodeException e) {
        throw new VectorMismatch(name + " does not decode", e);
      }
      VectorCase.expectEqual(name + " re-encoded", input, output);
    }
  }

  /** Decodes a field and returns its re-encoding. */
  @FunctionalInterface
  private interface RoundTrip {
    Bytes apply(String name, Bytes input) throws DecodeException, VectorMismatch;
  }

  private static RoundTrip struct(TlsReader.Decoder<? extends Encodable> decoder) {
    return (name, input) -> TlsReader.decodeAll(input, decoder).encoded();
  }

  private static RoundTrip proposal(TlsReader.Decoder<? extends Proposal> decoder) {
    return (name, input) -> TlsReader.decodeAll(input, decoder).encodedBody();
  }

  private static RoundTrip message(WireFormat expected) {
    return (name, input) -> {
      MlsMessage message = TlsReader.decodeAll(input, MlsMessage::decode);
      VectorCase.expectEqual(name + " wire format", expected, message.wireFormat());
      return message.encoded();
    };
  }
}
