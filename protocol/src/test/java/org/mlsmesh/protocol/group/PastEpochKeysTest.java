package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;

/** Late messages of a past epoch (RFC 9420 §14) once the application drops the old state. */
class PastEpochKeysTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void aLateMessageDecryptsAfterTheOldStateIsDestroyed() throws Exception {
    Clients.Group group =
        new Clients(SUITE, 41, GroupConfig.DEFAULT.withEncryptHandshake(false)).group(2);
    Bytes text = Bytes.of("late".getBytes(StandardCharsets.UTF_8));
    // Member 1 sends in the epoch; member 0 never touches that epoch's secret tree (its Commit
    // goes out as a PublicMessage), so the tree still holds the epoch's encryption_secret at its
    // root.
    MlsMessage late = group.get(1).encrypt(text, Bytes.EMPTY, 0);
    GroupState before = group.get(0);
    group.commit(0, CommitOptions.defaults().withForcePath(true));
    before.destroy();

    Processed processed = group.get(0).process(late, Clients.NOW);

    assertThat(processed).isInstanceOf(Processed.Application.class);
    assertThat(((Processed.Application) processed).data()).isEqualTo(text);
  }
}
