package org.mlsmesh.node;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Run by {@link KilledMidBurstTest} in its own JVM: a node on SQLite (as a node runs by default)
 * that prints {@code READY <identity>}, joins the group it is invited to, and on {@code BURST
 * <group>} sends without end, a few sends in flight at a time. It prints {@code ACK <id>} once a
 * send completed and {@code DELIVERED <id>} once a message was delivered to it, each after the node
 * acknowledged it: what it printed, it promised. It never stops by itself; the test kills it.
 */
public final class KilledMidBurstChild {
  static final int IN_FLIGHT = 16;

  private KilledMidBurstChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    MlsNode node =
        TestNodes.start(
            Path.of(args[0]),
            List.of(args[1]),
            event -> {
              if (event instanceof MlsNodeEvent.MessageReceived m) {
                synchronized (out) {
                  out.println("DELIVERED " + m.messageId().toHex());
                }
              }
            });
    synchronized (out) {
      out.println("READY " + node.identity().toHex());
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null || !line.startsWith("BURST ")) {
      throw new IllegalStateException("expected BURST, got " + line);
    }
    GroupId group = GroupId.fromHex(line.substring("BURST ".length()));
    Semaphore slots = new Semaphore(IN_FLIGHT);
    for (int i = 0; ; i++) {
      slots.acquire();
      CompletableFuture<MessageId> sent =
          node.send(group, ("burst " + i).getBytes(StandardCharsets.UTF_8)).toCompletableFuture();
      sent.whenComplete(
          (id, failure) -> {
            if (id != null) {
              synchronized (out) {
                out.println("ACK " + id.toHex());
              }
            }
            slots.release();
          });
    }
  }
}
