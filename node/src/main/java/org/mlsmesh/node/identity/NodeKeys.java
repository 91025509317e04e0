package org.mlsmesh.node.identity;

import java.security.SecureRandom;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.netty.NodeIdentity;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;

/**
 * A node's long-term identity: an Ed25519 gossip key, whose SubjectPublicKeyInfo hashes to the
 * node's {@link PeerId} and which authenticates its links and its directory announcements, and the
 * MLS signature key of the node's cipher suite. The MLS identity (the basic credential, RFC 9420
 * §5.3) is the peer id, so a KeyPackage is fetched by peer id. Never prints the private keys.
 */
public final class NodeKeys implements Destroyable {
  /** The scheme of the gossip key: Ed25519, as in this suite. */
  static final CipherSuite GOSSIP_KEY_SCHEME =
      CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private final SignatureKeyPair gossipKey;
  private final CipherSuite suite;
  private final SignatureKeyPair mlsKey;
  private final PeerId peerId;

  NodeKeys(SignatureKeyPair gossipKey, CipherSuite suite, SignatureKeyPair mlsKey) {
    this.gossipKey = Objects.requireNonNull(gossipKey, "gossipKey");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.mlsKey = Objects.requireNonNull(mlsKey, "mlsKey");
    this.peerId = peerIdOf(gossipKey.publicKey());
  }

  /** Fresh keys: Ed25519 for gossip, the signature scheme of {@code suite} for MLS. */
  public static NodeKeys generate(CipherSuite suite, EntropySource random) {
    return new NodeKeys(
        GOSSIP_KEY_SCHEME.crypto().generateSignatureKeyPair(random),
        suite,
        suite.crypto().generateSignatureKeyPair(random));
  }

  /**
   * Keys from their private halves; the public halves are derived.
   *
   * @throws CryptoException when a private key is not a valid key of its scheme
   */
  static NodeKeys restore(Secret gossipPrivate, CipherSuite suite, Secret mlsPrivate)
      throws CryptoException {
    Bytes gossipPublic = GOSSIP_KEY_SCHEME.crypto().signaturePublicKey(gossipPrivate);
    Bytes mlsPublic = suite.crypto().signaturePublicKey(mlsPrivate);
    return new NodeKeys(
        new SignatureKeyPair(gossipPrivate, gossipPublic),
        suite,
        new SignatureKeyPair(mlsPrivate, mlsPublic));
  }

  /** The peer id of a raw Ed25519 gossip public key. */
  public static PeerId peerIdOf(Bytes gossipPublicKey) {
    return PeerId.ofPublicKey(Ed25519Keys.subjectPublicKeyInfo(gossipPublicKey).toByteArray());
  }

  public PeerId peerId() {
    return peerId;
  }

  /** The MLS identity: the peer id's bytes. */
  public Bytes mlsIdentity() {
    return Bytes.wrap(peerId.toByteArray());
  }

  public BasicCredential credential() {
    return new BasicCredential(mlsIdentity());
  }

  public CipherSuite suite() {
    return suite;
  }

  /** The MLS signature key pair (owned by this object: don't destroy it). */
  public SignatureKeyPair mlsSignatureKey() {
    return mlsKey;
  }

  /** The gossip key pair (owned by this object: don't destroy it). */
  public SignatureKeyPair gossipKey() {
    return gossipKey;
  }

  /** The identity the TLS links present: a self-signed certificate of the gossip key. */
  public NodeIdentity linkIdentity(SecureRandom random) {
    return NodeIdentity.of(
        Ed25519Keys.keyPair(gossipKey.privateKey(), gossipKey.publicKey()), random);
  }

  @Override
  public void destroy() {
    gossipKey.destroy();
    mlsKey.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return gossipKey.isDestroyed() && mlsKey.isDestroyed();
  }

  @Override
  public String toString() {
    return "NodeKeys[" + peerId + ", " + suite + ", private keys redacted]";
  }
}
