package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;

/**
 * Committing Adds of KeyPackages validated when they were fetched ({@link
 * GroupState#commitAdding}).
 */
class CommitAddingTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void verifiedKeyPackagesAreAddedAndTheReceiversAgree() throws Exception {
    Clients clients = new Clients(SUITE);
    Clients.Group group = clients.group(3);
    List<KeyPackageBundle> bundles = new ArrayList<>();
    List<Clients.Identity> identities = new ArrayList<>();
    List<VerifiedKeyPackage> verified = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Clients.Identity identity = clients.identity("joiner " + i);
      KeyPackageBundle bundle = clients.keyPackage(identity);
      identities.add(identity);
      bundles.add(bundle);
      verified.add(clients.env.keyPackages().verify(bundle.keyPackage(), SUITE, Clients.NOW));
    }
    CommitResult result =
        group.get(1).commitAdding(verified, CommitOptions.defaults(), Clients.NOW);
    assertThat(result.staged().addedMembers()).hasSize(3);
    group.deliver(1, result);
    for (int i = 0; i < 3; i++) {
      group.states.add(
          clients.join(result.welcome().orElseThrow(), bundles.get(i), identities.get(i)));
    }
    group.assertInSync();
    assertThat(group.get(0).members()).hasSize(6);
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_CIPHER_SUITE_MISMATCH)
  void keyPackageVerifiedForAnotherSuiteIsRejected() throws Exception {
    Clients clients = new Clients(SUITE);
    Clients.Group group = clients.group(2);
    CipherSuite other = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;
    Clients others = new Clients(other);
    KeyPackageBundle bundle = others.keyPackage(others.identity("elsewhere"));
    VerifiedKeyPackage verified =
        others.env.keyPackages().verify(bundle.keyPackage(), other, Clients.NOW);
    ValidationException e =
        catchThrowableOfType(
            () ->
                group.get(0).commitAdding(List.of(verified), CommitOptions.defaults(), Clients.NOW),
            ValidationException.class);
    assertThat(e.code()).isEqualTo(ValidationCode.KEY_PACKAGE_CIPHER_SUITE_MISMATCH);
  }
}
