package org.mlsmesh.protocol.crypto;

/** Shared providers per suite. */
final class CryptoProviders {
  private CryptoProviders() {}

  static CryptoProvider forSuite(CipherSuite suite) {
    throw new UnsupportedOperationException("not implemented yet: " + suite);
  }
}
