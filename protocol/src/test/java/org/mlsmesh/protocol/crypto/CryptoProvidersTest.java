package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CryptoProvidersTest {
  @AllSuites
  void oneSharedProviderPerSuite(CipherSuite suite) {
    assertThat(suite.crypto()).isSameAs(suite.crypto()).isInstanceOf(BcCryptoProvider.class);
    assertThat(suite.crypto().suite()).isEqualTo(suite);
  }

  @Test
  void nullSuiteIsABug() {
    assertThatThrownBy(() -> CryptoProviders.forSuite(null))
        .isInstanceOf(NullPointerException.class);
  }
}
