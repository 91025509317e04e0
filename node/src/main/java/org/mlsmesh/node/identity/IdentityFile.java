package org.mlsmesh.node.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.internal.files.OwnerOnly;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * The file that holds a node's {@link NodeKeys}: lines of {@code name=value} (private keys in
 * base64), readable and writable by its owner only. The peer id is written too, so that a file
 * whose keys were edited is detected.
 */
public final class IdentityFile {
  static final String HEADER = "# mlsmesh node identity v1: private keys, keep this file secret";
  private static final int MAX_BYTES = 16 * 1024;
  private static final List<String> NAMES =
      List.of("version", "peer-id", "gossip-key", "suite", "mls-signature-key");

  private IdentityFile() {}

  /**
   * Writes {@code keys} to {@code file}, owner-only, through a temporary file in the same folder.
   *
   * @throws FileAlreadyExistsException when the file exists and {@code overwrite} is false
   */
  public static void write(Path file, NodeKeys keys, boolean overwrite) throws IOException {
    if (!overwrite && Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString(), null, "an identity exists already");
    }
    Path folder = file.toAbsolutePath().getParent();
    OwnerOnly.createDirectories(folder);
    Base64.Encoder b64 = Base64.getEncoder();
    byte[] gossip = keys.gossipKey().privateKey().exposeBytes();
    byte[] mls = keys.mlsSignatureKey().privateKey().exposeBytes();
    String text =
        HEADER
            + "\nversion=1\npeer-id="
            + HexFormat.of().formatHex(keys.peerId().toByteArray())
            + "\ngossip-key="
            + b64.encodeToString(gossip)
            + "\nsuite="
            + keys.suite().id()
            + "\nmls-signature-key="
            + b64.encodeToString(mls)
            + "\n";
    java.util.Arrays.fill(gossip, (byte) 0);
    java.util.Arrays.fill(mls, (byte) 0);
    Path temp = folder.resolve(".identity-" + System.nanoTime() + ".tmp");
    try {
      OwnerOnly.createFile(temp);
      Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.SYNC);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Creates a new identity of {@code suite} in {@code file} unless the file exists, as on a node's
   * first start; the file and the folders created for it are owner-only. An existing file is left
   * as it is and not read: {@link #read} (and so {@code MlsNode.start}) checks it.
   *
   * @return true when it created the identity, false when the file existed
   * @throws IdentityFileException when the identity cannot be created, with the file and the reason
   */
  public static boolean createIfMissing(Path file, CipherSuite suite) throws IdentityFileException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    NodeKeys keys = NodeKeys.generate(suite, new SecureEntropySource());
    try {
      write(file, keys, false);
      return true;
    } catch (IOException e) {
      if (e instanceof FileAlreadyExistsException && Files.exists(file)) {
        return false; // created meanwhile
      }
      throw new IdentityFileException(file, "cannot create the identity: " + e, e);
    } finally {
      keys.destroy();
    }
  }

  /** Reads and checks the identity in {@code file}. */
  public static NodeKeys read(Path file) throws IdentityFileException {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IdentityFileException(
          file,
          (Files.isDirectory(file) ? "is a directory" : "is not a regular file")
              + ", not an identity file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IdentityFileException(file, "no identity file (create one with mlsmesh keygen)");
    }
    String text;
    try {
      Optional<String> open = OwnerOnly.problem(file, "private keys");
      if (open.isPresent()) {
        throw new IdentityFileException(file, open.get());
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IdentityFileException(file, "larger than " + MAX_BYTES + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IdentityFileException(file, "cannot read: " + e, e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? line : line.substring(0, eq);
      if (eq < 0 || !NAMES.contains(name)) {
        throw new IdentityFileException(file, "line " + (i + 1) + ": unknown entry '" + name + "'");
      }
      if (values.put(name, line.substring(eq + 1)) != null) {
        throw new IdentityFileException(file, "line " + (i + 1) + ": " + name + " repeated");
      }
    }
    for (String name : NAMES) {
      if (!values.containsKey(name)) {
        throw new IdentityFileException(file, "missing " + name);
      }
    }
    if (!values.get("version").equals("1")) {
      throw new IdentityFileException(file, "version must be 1, got " + values.get("version"));
    }
    CipherSuite suite = suite(file, values.get("suite"));
    Secret gossip = base64(file, "gossip-key", values.get("gossip-key"));
    Secret mls = base64(file, "mls-signature-key", values.get("mls-signature-key"));
    NodeKeys keys;
    try {
      keys = NodeKeys.restore(gossip, suite, mls);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new IdentityFileException(file, "a private key is not a valid key: " + e.getMessage());
    }
    String peerId = HexFormat.of().formatHex(keys.peerId().toByteArray());
    if (!peerId.equalsIgnoreCase(values.get("peer-id"))) {
      keys.destroy();
      throw new IdentityFileException(
          file, "peer-id " + values.get("peer-id") + " does not match the gossip key's " + peerId);
    }
    return keys;
  }

  /** The peer id written in an identity file, checked against its key. */
  public static PeerId peerIdOf(Path file) throws IdentityFileException {
    NodeKeys keys = read(file);
    PeerId id = keys.peerId();
    keys.destroy();
    return id;
  }

  private static CipherSuite suite(Path file, String value) throws IdentityFileException {
    try {
      return CipherSuite.fromId(Integer.parseInt(value))
          .orElseThrow(() -> new IdentityFileException(file, "unknown cipher suite " + value));
    } catch (NumberFormatException e) {
      throw new IdentityFileException(file, "suite must be a number, got '" + value + "'");
    }
  }

  private static Secret base64(Path file, String name, String value) throws IdentityFileException {
    try {
      return Secret.wrap(Base64.getDecoder().decode(value));
    } catch (IllegalArgumentException e) {
      throw new IdentityFileException(file, name + " is not base64");
    }
  }
}
