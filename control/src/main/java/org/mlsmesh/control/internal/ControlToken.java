package org.mlsmesh.control.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bearer token of the control listener: 32 random bytes in hex, written anew to an owner-only
 * file (0600) at every start. Compared in constant time; never printed ({@link #toString()}).
 */
public final class ControlToken {
  private static final int BYTES = 32;
  private final byte[] value;
  private final String sessionCookie;

  private ControlToken(byte[] value) {
    this.value = value;
    this.sessionCookie = hmacHex(value, "mlsmesh control status-page session");
  }

  /**
   * Makes a fresh token and writes it to {@code file} (created owner-only, replacing an earlier
   * token atomically), creating its folder owner-only when missing.
   *
   * @throws IOException when the file cannot be written, naming it
   */
  public static ControlToken createFresh(Path file, SecureRandom random) throws IOException {
    byte[] raw = new byte[BYTES];
    random.nextBytes(raw);
    byte[] hex = HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII);
    Path folder = file.toAbsolutePath().getParent();
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path temp =
          Files.createTempFile(
              folder,
              ".control-token",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(temp, hex);
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new IOException("cannot write the control token file " + file + ": " + e, e);
    }
    return new ControlToken(hex);
  }

  /** Whether {@code presented} is this token, compared in constant time. */
  public boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(value, presented.strip().getBytes(StandardCharsets.US_ASCII));
  }

  /** The value of the status page's session cookie: derived from the token, not the token. */
  public String sessionCookie() {
    return sessionCookie;
  }

  /** Whether {@code presented} is the session cookie, compared in constant time. */
  public boolean matchesSessionCookie(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            sessionCookie.getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static String hmacHex(byte[] key, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "ControlToken[redacted]";
  }
}
