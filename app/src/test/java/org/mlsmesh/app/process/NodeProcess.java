package org.mlsmesh.app.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.mlsmesh.node.TestJvm;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.protocol.crypto.CipherSuite;

/**
 * One {@link NodeProcessMain} in its own JVM: its directory (identity, config, SQLite file, stderr
 * log), its stdin for commands and the JSON lines it printed, in order.
 */
final class NodeProcess {
  /** Exit status of a process killed by SIGKILL: 128 + 9. */
  static final int SIGKILL_EXIT = 137;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 60;

  final String name;
  final String identity;
  final String address;
  private final Process process;
  private final Writer stdin;
  private final List<JsonNode> lines = new CopyOnWriteArrayList<>();

  private NodeProcess(String name, Process process, Consumer<JsonNode> sink) throws Exception {
    this.name = name;
    this.process = process;
    this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("{")) {
                    JsonNode json = JSON.readTree(line);
                    lines.add(json);
                    sink.accept(json);
                  }
                }
              } catch (IOException e) {
                // the process died; the lines so far stay
              }
            },
            "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
    JsonNode started = await("started", j -> j.path("event").asText().equals("started"));
    this.identity = started.get("identity").asText();
    this.address = started.get("address").asText();
  }

  /**
   * Starts (or restarts, on the same identity and SQLite file) the node {@code name} in {@code
   * dir}; every JSON line it prints also goes to {@code sink}.
   */
  static NodeProcess start(
      String name, Path dir, List<String> seeds, long settleMillis, Consumer<JsonNode> sink)
      throws Exception {
    Files.createDirectories(dir);
    Path key = dir.resolve("identity.key");
    IdentityFile.createIfMissing(key, CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    StringBuilder seedList = new StringBuilder();
    for (String seed : seeds) {
      seedList.append('"').append(seed).append("\",");
    }
    Path conf = dir.resolve("node.conf");
    Files.writeString(
        conf,
        "mlsmesh.node {\n"
            + "  identity-file = \""
            + key
            + "\"\n"
            + "  listen.port = 0\n"
            + "  storage { engine = sqlite, path = \""
            + dir.resolve("node.db")
            + "\" }\n"
            + "  key-packages { pool-size = 3, replenish-below = 1 }\n"
            + "}\n"
            + "mlsmesh.gossip.seeds = ["
            + seedList
            + "]\n");
    int incarnation = 1;
    while (Files.exists(dir.resolve("stderr-" + incarnation + ".log"))) {
      incarnation++;
    }
    Process process =
        new ProcessBuilder(
                TestJvm.command(
                    NodeProcessMain.class, conf.toString(), String.valueOf(settleMillis)))
            .redirectError(dir.resolve("stderr-" + incarnation + ".log").toFile())
            .start();
    return new NodeProcess(name, process, sink);
  }

  /** Writes one command line to the node's stdin. */
  void command(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /** The first line this incarnation printed that matches, waiting for it. */
  JsonNode await(String what, Predicate<JsonNode> matches) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      Optional<JsonNode> found = find(matches);
      if (found.isPresent()) {
        return found.get();
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            name + ": " + (process.isAlive() ? "timed out" : "died") + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** The {@code n}th line (from 1) this incarnation printed that matches, waiting for it. */
  JsonNode awaitNth(String what, Predicate<JsonNode> matches, int n) throws InterruptedException {
    await(what, j -> count(matches) >= n);
    int seen = 0;
    for (JsonNode line : lines) {
      if (matches.test(line) && ++seen == n) {
        return line;
      }
    }
    throw new AssertionError("unreachable: " + what);
  }

  Optional<JsonNode> find(Predicate<JsonNode> matches) {
    for (JsonNode line : lines) {
      if (matches.test(line)) {
        return Optional.of(line);
      }
    }
    return Optional.empty();
  }

  int count(Predicate<JsonNode> matches) {
    int n = 0;
    for (JsonNode line : lines) {
      if (matches.test(line)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Asks for the group's status and waits for the answer; an empty object when the node is not a
   * member of the group (yet).
   */
  JsonNode status(String group) throws Exception {
    Predicate<JsonNode> answer =
        j ->
            (j.path("result").asText().equals("status") && j.path("group").asText().equals(group))
                || j.path("command").asText().equals("status " + group);
    int before = count(answer);
    command("status " + group);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (count(answer) == before) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(name + ": no status");
      }
      Thread.sleep(20);
    }
    JsonNode last = null;
    for (JsonNode line : lines) {
      if (answer.test(line)) {
        last = line;
      }
    }
    return last.path("result").asText().equals("status") ? last : JSON.createObjectNode();
  }

  /** The statuses of every group, for a failure message; never throws. */
  String lastStatus() {
    StringBuilder out = new StringBuilder();
    for (JsonNode line : lines) {
      if (line.path("event").asText().equals("epoch")) {
        out.append(line.path("epoch").asText()).append(' ');
      }
    }
    return "epochs seen: " + out + " alive=" + process.isAlive();
  }

  /**
   * Kills the JVM with SIGKILL ({@link Process#destroyForcibly} on Linux): no shutdown hook, no
   * clean close of the storage.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not die");
    }
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Asks the node to stop cleanly; kills it if it does not within 30 s. */
  void quit() throws Exception {
    if (!process.isAlive()) {
      return;
    }
    try {
      command("quit");
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }

  boolean alive() {
    return process.isAlive();
  }
}
