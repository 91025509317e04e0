package org.mlsmesh.protocol.crypto;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** One shared, immutable provider per suite, built eagerly when the class loads. */
final class CryptoProviders {
  private static final Map<CipherSuite, CryptoProvider> PROVIDERS = build();

  private CryptoProviders() {}

  private static Map<CipherSuite, CryptoProvider> build() {
    Map<CipherSuite, CryptoProvider> providers = new EnumMap<>(CipherSuite.class);
    for (CipherSuite suite : CipherSuite.values()) {
      providers.put(suite, new BcCryptoProvider(suite));
    }
    return Collections.unmodifiableMap(providers);
  }

  static CryptoProvider forSuite(CipherSuite suite) {
    return PROVIDERS.get(java.util.Objects.requireNonNull(suite, "suite"));
  }
}
