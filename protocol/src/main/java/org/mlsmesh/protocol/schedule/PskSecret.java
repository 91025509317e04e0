package org.mlsmesh.protocol.schedule;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.PreSharedKeyId;

/**
 * The {@code psk_secret} that injects pre-shared keys into the key schedule (RFC 9420 §8.4):
 *
 * <pre>
 * psk_extracted_[i] = KDF.Extract(0, psk_[i])
 * psk_input_[i]     = ExpandWithLabel(psk_extracted_[i], "derived psk", PSKLabel, KDF.Nh)
 * psk_secret_[0]    = 0
 * psk_secret_[i]    = KDF.Extract(psk_input_[i-1], psk_secret_[i-1])
 * </pre>
 */
public final class PskSecret {
  private PskSecret() {}

  /** One PSK to inject: its id as it appears in the Commit or GroupSecrets, and its value. */
  public static final class Input {
    private final PreSharedKeyId id;
    private final Secret psk;

    /** The input refers to {@code psk}; it stays owned by the caller. */
    public Input(PreSharedKeyId id, Secret psk) {
      this.id = Objects.requireNonNull(id, "id");
      this.psk = Objects.requireNonNull(psk, "psk");
    }

    public PreSharedKeyId id() {
      return id;
    }

    public Secret psk() {
      return psk;
    }

    @Override
    public String toString() {
      return "PskSecret.Input[" + id + ", psk=redacted]";
    }
  }

  /**
   * Folds the PSKs, in the order listed, into {@code psk_secret}; no PSKs give the all-zero vector
   * of length Nh. The caller owns the result.
   */
  public static Secret compute(CryptoProvider crypto, List<Input> psks) {
    int nh = crypto.suite().hashLength();
    int count = psks.size();
    if (count > 0xffff) {
      throw new IllegalArgumentException("at most 65535 PSKs fit a PSKLabel: " + count);
    }
    Secret pskSecret = Secret.zero(nh);
    Secret zero = Secret.zero(nh);
    try {
      for (int index = 0; index < count; index++) {
        Input input = psks.get(index);
        Secret extracted = crypto.extract(zero, input.psk());
        Secret pskInput;
        try {
          pskInput =
              crypto.expandWithLabel(extracted, "derived psk", label(input, index, count), nh);
        } finally {
          extracted.destroy();
        }
        Secret next;
        try {
          next = crypto.extract(pskInput, pskSecret);
        } finally {
          pskInput.destroy();
          pskSecret.destroy();
        }
        pskSecret = next;
      }
      return pskSecret;
    } finally {
      zero.destroy();
    }
  }

  /** struct { PreSharedKeyID id; uint16 index; uint16 count; } PSKLabel. */
  private static Bytes label(Input input, int index, int count) {
    TlsWriter writer = new TlsWriter();
    input.id().encode(writer);
    return writer.u16(index).u16(count).toBytes();
  }
}
