package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.crypto.Secret;

/** Saved states in chunks: read back whole, what they share held once, erased with the last. */
class ChunkedSecretsTest {
  private static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  @Test
  void valuesReadBackWhole() {
    ChunkedSecrets store = new ChunkedSecrets();
    for (int length : new int[] {0, 1, 511, 512, 8192, 8193, 100_000}) {
      byte[] value = random(length, length);
      ChunkedSecrets.Stored stored = store.put(Secret.of(value));
      assertThat(store.get(stored).exposeBytes()).isEqualTo(value);
    }
  }

  @Test
  void whatTwoValuesShareIsHeldOnce() {
    ChunkedSecrets store = new ChunkedSecrets();
    byte[] tree = random(200_000, 1);
    byte[] next = tree.clone();
    next[1_000] ^= 1; // a leaf changed
    next[150_000] ^= 1; // its direct path
    byte[] withPast = new byte[next.length + tree.length + 10];
    System.arraycopy(next, 0, withPast, 0, next.length);
    System.arraycopy(tree, 0, withPast, next.length + 10, tree.length); // a past epoch's tree

    ChunkedSecrets.Stored a = store.put(Secret.of(tree));
    ChunkedSecrets.Stored b = store.put(Secret.of(withPast));

    assertThat(store.bytes()).isLessThan(tree.length + 20_000);
    assertThat(store.get(a).exposeBytes()).isEqualTo(tree);
    assertThat(store.get(b).exposeBytes()).isEqualTo(withPast);
  }

  @Test
  void aChunkIsErasedWithTheLastValueThatHoldsIt() {
    ChunkedSecrets store = new ChunkedSecrets();
    byte[] value = random(50_000, 2);
    ChunkedSecrets.Stored a = store.put(Secret.of(value));
    ChunkedSecrets.Stored b = store.put(Secret.of(value));
    long once = store.bytes();

    store.remove(a);
    assertThat(store.bytes()).isEqualTo(once);
    assertThat(store.get(b).exposeBytes()).isEqualTo(value);
    store.remove(b);
    assertThat(store.bytes()).isZero();
    assertThatThrownBy(() -> store.get(b)).isInstanceOf(IllegalStateException.class);
  }
}
