package org.mlsmesh.protocol.bench;

import java.util.concurrent.TimeUnit;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-suite cost of the primitives MLS uses most: signing and verifying (every framed message),
 * HPKE seal/open of a 32-byte path secret (every UpdatePath), DeriveKeyPair (every path node) and
 * AEAD over 1 KiB (application messages).
 *
 * <p>{@code mvn -pl protocol -P bench test-compile exec:exec -Dbench.args="CryptoBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoBenchmark {
  /** The suite's code point. */
  @Param({"1", "2", "3", "4", "5", "6", "7"})
  public int suite;

  private CryptoProvider crypto;
  private EntropySource random;
  private SignatureKeyPair signer;
  private Bytes message;
  private Bytes signature;
  private HpkeKeyPair recipient;
  private Bytes info;
  private Bytes pathSecret;
  private HpkeCiphertext sealed;
  private Secret ikm;
  private Secret aeadKey;
  private Secret aeadNonce;
  private Bytes kibibyte;

  @Setup
  public void setUp() throws CryptoException {
    crypto = CipherSuite.fromId(suite).orElseThrow().crypto();
    CipherSuite cs = crypto.suite();
    random = new SeededEntropySource(suite);
    signer = crypto.generateSignatureKeyPair(random);
    message = Bytes.wrap(random.randomBytes(256)); // about a FramedContentTBS of a small commit
    signature = crypto.sign(signer.privateKey(), message);
    recipient = crypto.generateKeyPair(random);
    info = Bytes.wrap(random.randomBytes(64));
    pathSecret = Bytes.wrap(random.randomBytes(32));
    sealed = crypto.hpkeSeal(recipient.publicKey(), info, Bytes.EMPTY, pathSecret, random);
    ikm = random.randomSecret(cs.hashLength());
    aeadKey = random.randomSecret(cs.aeadKeyLength());
    aeadNonce = random.randomSecret(cs.aeadNonceLength());
    kibibyte = Bytes.wrap(random.randomBytes(1024));
  }

  @Benchmark
  public Bytes sign() {
    return crypto.sign(signer.privateKey(), message);
  }

  @Benchmark
  public Bytes verify() throws CryptoException {
    crypto.verify(signer.publicKey(), message, signature);
    return signature;
  }

  @Benchmark
  public HpkeCiphertext hpkeSeal32() throws CryptoException {
    return crypto.hpkeSeal(recipient.publicKey(), info, Bytes.EMPTY, pathSecret, random);
  }

  @Benchmark
  public Bytes hpkeOpen32() throws CryptoException {
    return crypto.hpkeOpen(recipient.privateKey(), info, Bytes.EMPTY, sealed);
  }

  @Benchmark
  public HpkeKeyPair deriveKeyPair() {
    return crypto.deriveKeyPair(ikm);
  }

  @Benchmark
  public Bytes aeadSeal1KiB() {
    return crypto.aeadSeal(aeadKey, aeadNonce, Bytes.EMPTY, kibibyte);
  }
}
