package org.mlsmesh.node.internal.directory;

import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.KeyPackageRef;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LastResort;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.KeyPackage;

/**
 * The checks of directory messages. An announcement must be signed by the announcing node's gossip
 * key, carry a KeyPackage that passes the protocol's validation (RFC 9420 §10.1), and bind that
 * KeyPackage to the node: its basic credential's identity is the node's peer id. Deterministic: the
 * time is a parameter.
 */
public final class DirectoryRules {
  static final String ANNOUNCEMENT_LABEL = "mlsmesh directory announcement";
  static final String TOMBSTONE_LABEL = "mlsmesh directory tombstone";
  private static final CryptoProvider ED25519 =
      CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519.crypto();

  // The binding of identity and key is checked here, against the announcing node's key.
  private final KeyPackageValidator keyPackages =
      new KeyPackageValidator(
          BasicCredentialValidator.insecureAcceptingAnyIdentity(), LifetimePolicy.DEFAULT);

  /** Checks an announcement, from the topic or in a fetch response. */
  public VerifiedAnnouncement verify(DirectoryMessage.Announcement a, long nowMillis)
      throws DirectoryException {
    try {
      ED25519.verifyWithLabel(a.ownerKey(), ANNOUNCEMENT_LABEL, a.tbs(), a.signature());
    } catch (CryptoException | RuntimeException e) {
      throw new DirectoryException(DirectoryCode.ANNOUNCEMENT_SIGNATURE_INVALID, "owner key");
    }
    KeyPackage keyPackage;
    try {
      keyPackage = TlsReader.decodeAll(a.keyPackage(), KeyPackage::decode);
    } catch (DecodeException e) {
      throw new DirectoryException(DirectoryCode.KEY_PACKAGE_INVALID, e.getMessage());
    }
    CipherSuite suite =
        CipherSuite.fromId(keyPackage.cipherSuite())
            .orElseThrow(
                () ->
                    new DirectoryException(
                        DirectoryCode.KEY_PACKAGE_INVALID,
                        "unknown cipher suite " + keyPackage.cipherSuite()));
    Bytes identity = Bytes.wrap(NodeKeys.peerIdOf(a.ownerKey()).toByteArray());
    if (!(keyPackage.leafNode().credential() instanceof BasicCredential basic)
        || !basic.identity().equals(identity)) {
      throw new DirectoryException(
          DirectoryCode.ANNOUNCEMENT_IDENTITY_MISMATCH, "credential is not the owner's peer id");
    }
    try {
      keyPackages.verify(keyPackage, suite, nowMillis);
    } catch (ValidationException e) {
      throw new DirectoryException(DirectoryCode.KEY_PACKAGE_INVALID, e.getMessage());
    }
    long notAfter = keyPackage.leafNode().lifetime().orElseThrow().notAfter();
    return new VerifiedAnnouncement(
        a,
        identity,
        KeyPackageRef.ofEncoded(suite, a.keyPackage()).value(),
        LastResort.isLastResort(keyPackage),
        Math.multiplyExact(notAfter, 1000L));
  }

  /** Checks a tombstone's signature (a claim sent to the owner may come from anyone). */
  public void verify(DirectoryMessage.Tombstone t) throws DirectoryException {
    try {
      ED25519.verifyWithLabel(t.signerKey(), TOMBSTONE_LABEL, t.tbs(), t.signature());
    } catch (CryptoException | RuntimeException e) {
      throw new DirectoryException(DirectoryCode.TOMBSTONE_SIGNATURE_INVALID, "signer key");
    }
  }

  /**
   * Checks a tombstone of the directory topic: signed, and by the owner of the KeyPackage (its
   * identity is the peer id of the signing key), so that nobody else can withdraw it.
   */
  public void verifyOwnerTombstone(DirectoryMessage.Tombstone t) throws DirectoryException {
    verify(t);
    Bytes signer = Bytes.wrap(NodeKeys.peerIdOf(t.signerKey()).toByteArray());
    if (!signer.equals(t.identity())) {
      throw new DirectoryException(
          DirectoryCode.TOMBSTONE_NOT_OWNER, "signed by another node than the KeyPackage's owner");
    }
  }

  /** Decodes and checks a message from the directory topic (the gossip validation hook). */
  public DirectoryMessage check(Bytes payload, long nowMillis) throws DirectoryException {
    DirectoryMessage message = DirectoryMessage.decode(payload);
    if (message instanceof DirectoryMessage.Announcement a) {
      verify(a, nowMillis);
    } else if (message instanceof DirectoryMessage.Tombstone t) {
      verifyOwnerTombstone(t);
    } else if (message instanceof DirectoryMessage.FetchResponse r) {
      verify(r.announcement(), nowMillis);
    }
    return message;
  }
}
