package org.mlsmesh.interop.peers;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.interop.runner.ClientEndpoint;

/**
 * The ts-mls interop client ({@code interop/ts-mls-client}, Node.js) as a child process: installed
 * from its lock file with {@code npm ci} when its modules are missing, started on a free port.
 */
public final class TsMlsPeer {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

  private TsMlsPeer() {}

  /** Why the peer cannot run here, if it cannot: Node.js or npm missing, or no client folder. */
  public static Optional<String> unavailable(Path clientDir) {
    if (!Files.isRegularFile(clientDir.resolve("server.js"))) {
      return Optional.of("no ts-mls client at " + clientDir);
    }
    for (String tool : List.of("node", "npm")) {
      if (onPath(tool).isEmpty()) {
        return Optional.of(tool + " is not on the PATH");
      }
    }
    return Optional.empty();
  }

  /**
   * Installs (if needed) and starts the client in {@code clientDir}; its output goes to {@code
   * log}.
   *
   * @throws IOException when installing or starting fails, saying why
   */
  public static Peer start(Path clientDir, Path log) throws IOException, InterruptedException {
    return start(clientDir, log, false);
  }

  /**
   * As {@link #start(Path, Path)}; with {@code uncompressedKeys}, the client's shim hands ts-mls
   * uncompressed ECDSA keys (RFC 9420 §5.1.1), and it reports a name that says so.
   */
  public static Peer start(Path clientDir, Path log, boolean uncompressedKeys)
      throws IOException, InterruptedException {
    Optional<String> missing = unavailable(clientDir);
    if (missing.isPresent()) {
      throw new IOException(missing.get());
    }
    if (!Files.isDirectory(clientDir.resolve("node_modules"))) {
      install(clientDir, log);
    }
    int port = freePort();
    List<String> command =
        new ArrayList<>(List.of("node", "server.js", "--port", Integer.toString(port)));
    if (uncompressedKeys) {
      command.add("--uncompressed-ecdsa-keys");
    }
    Process process =
        new ProcessBuilder(command)
            .directory(clientDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    AutoCloseable stop =
        () -> {
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        };
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try {
        return new Peer(ClientEndpoint.connect("127.0.0.1", port), stop);
      } catch (RuntimeException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          closeQuietly(stop);
          throw new IOException(
              "the ts-mls client did not answer on port " + port + " (see " + log + ")", e);
        }
        Thread.sleep(200);
      }
    }
  }

  private static void install(Path clientDir, Path log) throws IOException, InterruptedException {
    Process npm =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(clientDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      npm.destroyForcibly();
      throw new IOException("npm ci took longer than " + INSTALL_TIMEOUT + " (see " + log + ")");
    }
    if (npm.exitValue() != 0) {
      throw new IOException(
          "npm ci failed with exit code " + npm.exitValue() + " (see " + log + ")");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already failing: the start error is what the caller needs.
    }
  }
}
