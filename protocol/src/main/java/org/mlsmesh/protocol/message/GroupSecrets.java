package org.mlsmesh.protocol.message;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * RFC 9420 §12.4.3.1, the plaintext encrypted to each new member of a Welcome:
 *
 * <pre>
 * struct { opaque path_secret&lt;V&gt;; } PathSecret;
 *
 * struct {
 *   opaque joiner_secret&lt;V&gt;;
 *   optional&lt;PathSecret&gt; path_secret;
 *   PreSharedKeyID psks&lt;V&gt;;
 * } GroupSecrets;
 * </pre>
 *
 * It carries key material, so it is a class with a redacted {@link #toString()}, not a record. It
 * owns its secrets: {@link #destroy()} erases them.
 */
public final class GroupSecrets implements Encodable, Destroyable {
  private final Secret joinerSecret;
  private final Optional<Secret> pathSecret;
  private final List<PreSharedKeyId> psks;

  /** Takes ownership of {@code joinerSecret} and {@code pathSecret}. */
  public GroupSecrets(Secret joinerSecret, Optional<Secret> pathSecret, List<PreSharedKeyId> psks) {
    this.joinerSecret = Objects.requireNonNull(joinerSecret, "joinerSecret");
    this.pathSecret = Objects.requireNonNull(pathSecret, "pathSecret");
    this.psks = List.copyOf(psks);
  }

  public Secret joinerSecret() {
    return joinerSecret;
  }

  /** The {@code path_secret} of the PathSecret struct, when present. */
  public Optional<Secret> pathSecret() {
    return pathSecret;
  }

  public List<PreSharedKeyId> psks() {
    return psks;
  }

  public static GroupSecrets decode(TlsReader reader) throws DecodeException {
    Secret joinerSecret = Secret.of(reader.vlBytes());
    Optional<Secret> pathSecret = reader.optional(r -> Secret.of(r.vlBytes()));
    return new GroupSecrets(joinerSecret, pathSecret, reader.vector(PreSharedKeyId::decode));
  }

  @Override
  public void encode(TlsWriter writer) {
    writeSecret(writer, joinerSecret);
    writer.optional(pathSecret, GroupSecrets::writeSecret);
    writer.vector(psks);
  }

  private static void writeSecret(TlsWriter writer, Secret secret) {
    byte[] value = secret.exposeBytes();
    writer.vlBytes(value);
    Arrays.fill(value, (byte) 0);
  }

  @Override
  public void destroy() {
    joinerSecret.destroy();
    pathSecret.ifPresent(Secret::destroy);
  }

  @Override
  public boolean isDestroyed() {
    return joinerSecret.isDestroyed();
  }

  /** Equal when every field is; the secrets are compared in constant time. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof GroupSecrets)) {
      return false;
    }
    GroupSecrets that = (GroupSecrets) other;
    return joinerSecret.equals(that.joinerSecret)
        && pathSecret.equals(that.pathSecret)
        && psks.equals(that.psks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(joinerSecret.length(), pathSecret.isPresent(), psks);
  }

  @Override
  public String toString() {
    return "GroupSecrets[joinerSecret=redacted, pathSecret="
        + (pathSecret.isPresent() ? "redacted" : "absent")
        + ", psks="
        + psks
        + "]";
  }
}
