package org.mlsmesh.interop.runner;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mls_client.MlsClient.CreateGroupRequest;
import mls_client.MlsClient.CreateKeyPackageRequest;
import mls_client.MlsClient.FreeRequest;
import mls_client.MlsClient.GroupInfoRequest;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.KeyPackage;

/**
 * What a client's own messages show about its encodings, checked against RFC 9420 by decoding them
 * here: the evidence a failure needs before it is attributed to a known peer defect.
 */
final class PeerEvidence {
  /** Its KeyPackages carry a compressed ECDSA signature key (RFC 9420 §5.1.1). */
  static final String COMPRESSED_ECDSA_KEY = "compressed-ecdsa-key";

  /** Its GroupInfo's external_pub is a bare key, not an {@code HPKEPublicKey<V>} (§12.4.3.2). */
  static final String BARE_EXTERNAL_PUB = "bare-external-pub";

  private final Map<String, Set<String>> cache = new HashMap<>();

  /** The facts about {@code client} in {@code suite}, probed once. */
  Set<String> of(ClientEndpoint client, int suite) {
    return cache.computeIfAbsent(client.name() + "/" + suite, k -> probe(client, suite));
  }

  private static Set<String> probe(ClientEndpoint client, int suiteId) {
    Set<String> facts = new HashSet<>();
    Optional<CipherSuite> suite = CipherSuite.fromId(suiteId);
    if (suite.isEmpty()) {
      return facts;
    }
    try {
      ByteString encoded =
          client
              .stub()
              .createKeyPackage(
                  CreateKeyPackageRequest.newBuilder()
                      .setCipherSuite(suiteId)
                      .setIdentity(ByteString.copyFromUtf8("probe"))
                      .build())
              .getKeyPackage();
      KeyPackage keyPackage =
          decode(encoded)
              .keyPackage()
              .orElseThrow(() -> new DecodeException("not a KeyPackage", 0));
      if (isCompressedEcdsaKey(suite.get(), keyPackage.leafNode().signatureKey())) {
        facts.add(COMPRESSED_ECDSA_KEY);
      }
      int state =
          client
              .stub()
              .createGroup(
                  CreateGroupRequest.newBuilder()
                      .setGroupId(ByteString.copyFromUtf8("probe"))
                      .setCipherSuite(suiteId)
                      .setIdentity(ByteString.copyFromUtf8("probe"))
                      .build())
              .getStateId();
      ByteString info =
          client
              .stub()
              .groupInfo(GroupInfoRequest.newBuilder().setStateId(state).build())
              .getGroupInfo();
      client.stub().free(FreeRequest.newBuilder().setStateId(state).build());
      GroupInfo groupInfo =
          decode(info).groupInfo().orElseThrow(() -> new DecodeException("not a GroupInfo", 0));
      if (hasBareExternalPub(suite.get(), groupInfo)) {
        facts.add(BARE_EXTERNAL_PUB);
      }
    } catch (StatusRuntimeException | DecodeException e) {
      // No evidence: failures of this client stay unexplained.
    }
    return facts;
  }

  private static MlsMessage decode(ByteString bytes) throws DecodeException {
    return TlsReader.decodeAll(Bytes.wrap(bytes.toByteArray()), MlsMessage::decode);
  }

  /** SEC 1 §2.3.3: 0x02 or 0x03, then the x coordinate only. */
  static boolean isCompressedEcdsaKey(CipherSuite suite, Bytes key) {
    int fieldBytes =
        switch (suite.signatureScheme()) {
          case ECDSA_SECP256R1_SHA256 -> 32;
          case ECDSA_SECP384R1_SHA384 -> 48;
          case ECDSA_SECP521R1_SHA512 -> 66;
          case ED25519, ED448 -> 0;
        };
    return fieldBytes > 0
        && key.length() == 1 + fieldBytes
        && (key.get(0) == 0x02 || key.get(0) == 0x03);
  }

  static boolean hasBareExternalPub(CipherSuite suite, GroupInfo groupInfo) {
    for (Extension extension : groupInfo.extensions()) {
      if (extension.type() == Extension.EXTERNAL_PUB) {
        try {
          Bytes key = TlsReader.decodeAll(extension.data(), TlsReader::vlBytes);
          return key.length() != suite.kem().publicKeyLength;
        } catch (DecodeException e) {
          return extension.data().length() == suite.kem().publicKeyLength;
        }
      }
    }
    return false;
  }
}
