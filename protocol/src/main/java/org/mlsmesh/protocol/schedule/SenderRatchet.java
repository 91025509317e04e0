package org.mlsmesh.protocol.schedule;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.schedule.SecretTreeException.Reason;

/**
 * One hash ratchet of one leaf (RFC 9420 §9.1): the secret of the next unused generation {@code
 * head}, plus the keys of skipped generations at most {@code tolerance} below the newest generation
 * used, {@code head - 1} (so at most {@code tolerance} keys). A ratchet secret is destroyed when
 * the ratchet advances past it, a key when it is handed out or falls out of the window (§9.2).
 */
final class SenderRatchet {
  /** Generations are uint32 (SenderData.generation). */
  static final long MAX_GENERATION = 0xffffffffL;

  private final CryptoProvider crypto;
  private final SecretTreeConfig config;
  private final TreeMap<Long, KeyAndNonce> skipped = new TreeMap<>();

  /** ratchet_secret_[head]; absent once every generation is used. */
  private Secret secret;

  /** The next generation that has not been handed out or skipped. */
  private long head;

  SenderRatchet(CryptoProvider crypto, Secret initialSecret, SecretTreeConfig config) {
    this.crypto = crypto;
    this.config = config;
    this.secret = initialSecret;
  }

  /**
   * A ratchet at a saved position; takes ownership of the secrets (see {@link SecretTree#restore}).
   */
  SenderRatchet(
      CryptoProvider crypto,
      SecretTreeConfig config,
      Secret secret,
      long head,
      Map<Long, KeyAndNonce> skipped) {
    this.crypto = crypto;
    this.config = config;
    this.secret = secret;
    this.head = head;
    this.skipped.putAll(skipped);
  }

  /** An independent deep copy: same head, same kept keys. */
  SenderRatchet copy() {
    SenderRatchet copy = new SenderRatchet(crypto, secret == null ? null : secret.copy(), config);
    copy.head = head;
    skipped.forEach((generation, key) -> copy.skipped.put(generation, key.copy()));
    return copy;
  }

  /** The key of the next generation, for sending. */
  RatchetKey next() throws SecretTreeException {
    long generation = head;
    RatchetKey key = new RatchetKey(generation, consumeHead());
    evictOutsideWindow();
    return key;
  }

  /** The key of {@code generation}, for receiving, within the configured window. */
  KeyAndNonce keyFor(long generation) throws SecretTreeException {
    if (generation < 0 || generation > MAX_GENERATION) {
      throw new IllegalArgumentException("generation is not a uint32: " + generation);
    }
    if (generation < head) {
      KeyAndNonce kept = skipped.remove(generation);
      if (kept != null) {
        return kept;
      }
      if (generation < windowStart()) {
        throw new SecretTreeException(
            Reason.TOO_OLD,
            "generation "
                + generation
                + " is more than "
                + config.outOfOrderTolerance()
                + " behind "
                + (head - 1));
      }
      throw new SecretTreeException(
          Reason.ALREADY_CONSUMED, "generation " + generation + " was already used");
    }
    if (generation - head > config.maximumForwardDistance()) {
      throw new SecretTreeException(
          Reason.TOO_FAR_AHEAD,
          "generation "
              + generation
              + " is more than "
              + config.maximumForwardDistance()
              + " ahead of "
              + head);
    }
    while (head < generation) {
      boolean keep = generation - head <= config.outOfOrderTolerance();
      long skippedGeneration = head;
      KeyAndNonce key = consumeHead();
      if (keep) {
        skipped.put(skippedGeneration, key);
      } else {
        key.destroy();
      }
    }
    KeyAndNonce key = consumeHead();
    evictOutsideWindow();
    return key;
  }

  /** Derives the key and nonce of the head generation and advances the ratchet past it. */
  private KeyAndNonce consumeHead() throws SecretTreeException {
    if (secret == null) {
      throw new SecretTreeException(
          Reason.GENERATION_EXHAUSTED, "every uint32 generation has been used");
    }
    int nk = crypto.suite().aeadKeyLength();
    int nn = crypto.suite().aeadNonceLength();
    int nh = crypto.suite().hashLength();
    // RFC 9420 §9.1: key, nonce and the next ratchet secret, each with the generation as context.
    Secret nonce = crypto.deriveTreeSecret(secret, "nonce", head, nn);
    Secret key = crypto.deriveTreeSecret(secret, "key", head, nk);
    Secret nextSecret =
        head == MAX_GENERATION ? null : crypto.deriveTreeSecret(secret, "secret", head, nh);
    secret.destroy();
    secret = nextSecret;
    head++;
    return new KeyAndNonce(key, nonce);
  }

  private void evictOutsideWindow() {
    Map<Long, KeyAndNonce> stale = skipped.headMap(windowStart());
    stale.values().forEach(KeyAndNonce::destroy);
    stale.clear();
  }

  /** The oldest generation that may still be asked for. */
  private long windowStart() {
    return head - 1 - config.outOfOrderTolerance();
  }

  /** The next generation not yet used; for tests and diagnostics. */
  long head() {
    return head;
  }

  /** A copy of ratchet_secret_[head], empty once every generation is used. */
  Optional<Secret> copySecret() {
    return Optional.ofNullable(secret).map(Secret::copy);
  }

  /** Copies of the kept keys of skipped generations, by generation. */
  TreeMap<Long, KeyAndNonce> copySkipped() {
    TreeMap<Long, KeyAndNonce> copy = new TreeMap<>();
    skipped.forEach((g, k) -> copy.put(g, new KeyAndNonce(k.key().copy(), k.nonce().copy())));
    return copy;
  }

  int skippedCount() {
    return skipped.size();
  }

  void destroy() {
    if (secret != null) {
      secret.destroy();
      secret = null;
    }
    skipped.values().forEach(KeyAndNonce::destroy);
    skipped.clear();
  }
}
