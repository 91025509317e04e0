package org.mlsmesh.node.internal.directory;

import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The private keys of one of the node's KeyPackages, read from the bundle {@link KeyPackageMint}
 * stored: the init key opens the Welcome, the encryption key is the new leaf's (RFC 9420 §10,
 * §12.4.3.1). Never prints them.
 */
public final class KeyPackagePrivateKeys implements Destroyable {
  private final Secret init;
  private final Secret encryption;

  private KeyPackagePrivateKeys(Secret init, Secret encryption) {
    this.init = init;
    this.encryption = encryption;
  }

  /** Reads a stored bundle; the caller keeps (and destroys) {@code bundle}. */
  public static KeyPackagePrivateKeys decode(Secret bundle) throws DecodeException {
    TlsReader r = TlsReader.of(bundle.insecureAsBytes());
    Secret init = Secret.of(r.vlBytes());
    Secret encryption = Secret.of(r.vlBytes());
    r.finish();
    return new KeyPackagePrivateKeys(init, encryption);
  }

  public Secret initPrivateKey() {
    return init;
  }

  public Secret encryptionPrivateKey() {
    return encryption;
  }

  @Override
  public void destroy() {
    init.destroy();
    encryption.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return init.isDestroyed() && encryption.isDestroyed();
  }

  @Override
  public String toString() {
    return "KeyPackagePrivateKeys[redacted]";
  }
}
