package org.mlsmesh.node.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.node.storage.StoredDataContract.GROUP_A;
import static org.mlsmesh.node.storage.StoredDataContract.b;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/** The value types: secrets never print, are copied in and out, and can be destroyed. */
class StorageValuesTest {
  static final byte[] SECRET = "TOP-SECRET-KEY-MATERIAL".getBytes(UTF_8);
  static final String SECRET_HEX = Bytes.of(SECRET).toHex();

  static List<Object> valuesHoldingTheSecret() {
    return List.of(
        new StoredIdentity(b("pub"), Secret.of(SECRET), b("cred"), 1),
        new StoredKeyPackage(new KeyPackageInfo(b("ref"), b("kp"), false, 1), Secret.of(SECRET)),
        new StoredGroupState(GROUP_A, 1, Secret.of(SECRET), 1),
        new StoredForkSnapshot(GROUP_A, b("e1"), 1, Secret.of(SECRET), 1));
  }

  @Test
  void toStringNeverShowsPrivateBytes() {
    for (Object value : valuesHoldingTheSecret()) {
      assertThat(value.toString())
          .contains("redacted")
          .doesNotContain(SECRET_HEX)
          .doesNotContain(new String(SECRET, UTF_8));
    }
  }

  @Test
  void theGivenSecretIsCopied() {
    Secret given = Secret.of(SECRET);
    StoredGroupState state = new StoredGroupState(GROUP_A, 1, given, 1);
    given.destroy();

    assertThat(state.state().exposeBytes()).isEqualTo(SECRET);
  }

  @Test
  void everyReadIsAFreshCopy() {
    StoredKeyPackage keyPackage =
        new StoredKeyPackage(new KeyPackageInfo(b("ref"), b("kp"), false, 1), Secret.of(SECRET));
    keyPackage.privateBundle().destroy();

    assertThat(keyPackage.privateBundle().exposeBytes()).isEqualTo(SECRET);
  }

  @Test
  void destroyErasesTheValuesCopy() throws Exception {
    StoredForkSnapshot snapshot = new StoredForkSnapshot(GROUP_A, b("e1"), 1, Secret.of(SECRET), 1);
    snapshot.destroy();

    assertThat(snapshot.isDestroyed()).isTrue();
    assertThatThrownBy(snapshot::snapshot).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void equalityComparesContents() {
    assertThat(valuesHoldingTheSecret()).isEqualTo(valuesHoldingTheSecret());
    assertThat(new StoredGroupState(GROUP_A, 1, Secret.of(SECRET), 1))
        .isNotEqualTo(new StoredGroupState(GROUP_A, 1, Secret.of(new byte[] {1}), 1));
  }

  @Test
  void idsMustNotBeEmpty() {
    assertThatThrownBy(() -> new StoredGroupState(Bytes.EMPTY, 1, Secret.of(SECRET), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groupId");
    assertThatThrownBy(() -> new KeyPackageInfo(Bytes.EMPTY, b("kp"), false, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoggedMessage("", b("id"), b("p"), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storageToStringNamesTheStoreOnly() {
    try (InMemoryNodeStorage storage = new InMemoryNodeStorage()) {
      assertThat(storage.toString()).isEqualTo("InMemoryNodeStorage[in-memory storage]");
    }
  }
}
