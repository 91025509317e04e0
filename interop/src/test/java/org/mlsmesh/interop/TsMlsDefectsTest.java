package org.mlsmesh.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlsmesh.interop.runner.PeerDefect;
import org.mlsmesh.interop.runner.PeerDefect.Failure;

/** A failure is blamed on a ts-mls defect only on evidence, never by the failure alone. */
class TsMlsDefectsTest {
  private static String explain(String text, Set<String> evidence) {
    return PeerDefect.explain(TsMlsDefects.ALL, "ts-mls 1.6.4", new Failure(text, evidence))
        .orElse("unexplained");
  }

  @Test
  void compressedKeysNeedTheEvidenceOfTheKeys() {
    String text =
        "step 2 addProposal: MLS Mesh as alice: FAILED_PRECONDITION MLS-503 (RFC 9420 §10): the"
            + " KeyPackage's signature does not verify";
    assertThat(explain(text, Set.of())).isEqualTo("unexplained");
    assertThat(explain(text, Set.of("compressed-ecdsa-key"))).contains("§5.1.1");
    assertThat(
            explain(
                "step 3 fullCommit: MLS Mesh as bob: MLS-302 confirmation tag",
                Set.of("compressed-ecdsa-key")))
        .isEqualTo("unexplained");
  }

  @Test
  void errorsNamedByTsMlsMustComeFromTsMls() {
    String fromTsMls =
        "step 2 fullCommit: ts-mls 1.6.4 as bob: FAILED_PRECONDITION CodecError: Could not decode"
            + " external_senders";
    assertThat(explain(fromTsMls, Set.of())).contains("§12.1.8.1");
    String fromUs = fromTsMls.replace("ts-mls 1.6.4 as bob", "MLS Mesh as bob");
    assertThat(explain(fromUs, Set.of())).isEqualTo("unexplained");
    assertThat(
            explain(
                "step 4 fullCommit: ts-mls 1.6.4 as carol: FAILED_PRECONDITION ValidationError:"
                    + " non-blank intermediate node must list leaf node in its unmerged_leaves",
                Set.of()))
        .contains("§7.9.2");
  }

  @Test
  void bareExternalPubOnlyExplainsExternalJoins() {
    String join =
        "step 1 externalJoin: ts-mls 1.6.4 as bob: FAILED_PRECONDITION CryptoError: Invalid public"
            + " key for the ciphersuite";
    assertThat(explain(join, Set.of())).isEqualTo("unexplained");
    assertThat(explain(join, Set.of("bare-external-pub"))).contains("§12.4.3.2");
    assertThat(explain(join.replace("externalJoin", "fullCommit"), Set.of("bare-external-pub")))
        .isEqualTo("unexplained");
  }

  @Test
  void otherPeersAreNeverBlamed() {
    assertThat(
            PeerDefect.explain(
                TsMlsDefects.ALL,
                "MLS Mesh",
                new Failure("x: ts-mls Could not decode external_senders", Set.of())))
        .isEmpty();
  }
}
