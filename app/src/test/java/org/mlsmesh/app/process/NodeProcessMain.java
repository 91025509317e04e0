package org.mlsmesh.app.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.MlsNodeEvent;

/**
 * A node in its own JVM for the multi-process tests: starts an {@link MlsNode} from a HOCON file
 * and obeys one command per line on stdin, printing one JSON object per line on stdout for every
 * event and result. Nothing else goes to stdout (logs go to stderr).
 *
 * <pre>
 * java ... NodeProcessMain CONFIG SETTLE_WINDOW_MILLIS
 *   create                 -> {"result":"created","group":HEX}
 *   invite GROUP IDENTITY  -> {"result":"invited",...} when the Add is final
 *   update GROUP           -> {"result":"updated",...} when the Commit is final
 *   send GROUP TEXT        -> {"result":"sent","id":HEX}
 *   status GROUP           -> {"result":"status","epoch":N,"authenticator":HEX,"members":[...]}
 *   quit                   -> {"result":"bye"}, then a clean stop
 * events: started, message, epoch, joined, left, fork; a failed command: {"result":"error",...}
 * </pre>
 */
public final class NodeProcessMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PrintStream OUT = System.out;

  private NodeProcessMain() {}

  public static void main(String[] args) throws Exception {
    // Only JSON on stdout: anything else printing to System.out goes to stderr.
    System.setOut(System.err);
    ForkChoiceConfig forkChoice =
        ForkChoiceConfig.builder().settleWindowMillis(Long.parseLong(args[1])).build();
    MlsNode node = MlsNode.start(ConfigLoader.load(Path.of(args[0])), forkChoice);
    node.addListener(NodeProcessMain::onEvent);
    emit(
        json("event", "started")
            .put("identity", node.identity().toHex())
            .put("address", node.pinnedAddress()));
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split(" ", 3);
      if (words[0].equals("quit")) {
        break;
      }
      try {
        run(node, words);
      } catch (RuntimeException e) {
        emit(json("result", "error").put("command", line).put("message", e.toString()));
      }
    }
    node.close();
    emit(json("result", "bye"));
    System.exit(0);
  }

  private static void run(MlsNode node, String[] words) {
    switch (words[0]) {
      case "create" ->
          reply(
              words,
              node.createGroup(),
              g -> emit(json("result", "created").put("group", g.toHex())));
      case "invite" ->
          reply(
              words,
              node.invite(group(words), MemberId.fromHex(words[2])),
              v -> emit(json("result", "invited").put("group", words[1]).put("member", words[2])));
      case "update" ->
          reply(
              words,
              node.update(group(words)),
              v -> emit(json("result", "updated").put("group", words[1])));
      case "send" ->
          reply(
              words,
              node.send(group(words), words[2].getBytes(StandardCharsets.UTF_8)),
              id -> emit(json("result", "sent").put("id", id.toHex()).put("text", words[2])));
      case "status" -> reply(words, node.status(group(words)), NodeProcessMain::status);
      default -> throw new IllegalArgumentException("unknown command " + words[0]);
    }
  }

  private static GroupId group(String[] words) {
    return GroupId.fromHex(words[1]);
  }

  private static <T> void reply(String[] words, CompletionStage<T> stage, Consumer<T> ok) {
    stage.whenComplete(
        (value, error) -> {
          if (error != null) {
            emit(
                json("result", "error")
                    .put("command", String.join(" ", words))
                    .put("message", error.toString()));
          } else {
            ok.accept(value);
          }
        });
  }

  private static void status(GroupStatus s) {
    ObjectNode out =
        json("result", "status")
            .put("group", s.groupId().toHex())
            .put("epoch", s.epoch())
            .put("finalEpoch", s.finalEpoch())
            .put("authenticator", s.epochAuthenticator().toHex())
            .put("delivered", s.delivered())
            .put("dropped", s.dropped());
    s.members().forEach(m -> out.withArray("members").add(m.toHex()));
    emit(out);
  }

  private static void onEvent(MlsNodeEvent event) {
    if (event instanceof MlsNodeEvent.MessageReceived m) {
      emit(
          json("event", "message")
              .put("group", m.groupId().toHex())
              .put("id", m.messageId().toHex())
              .put("from", m.sender().map(MemberId::toHex).orElse(""))
              .put("text", new String(m.payload().toByteArray(), StandardCharsets.UTF_8)));
    } else if (event instanceof MlsNodeEvent.EpochChanged e) {
      emit(
          json("event", "epoch")
              .put("group", e.groupId().toHex())
              .put("epoch", e.epoch())
              .put("authenticator", e.epochAuthenticator().toHex()));
    } else if (event instanceof MlsNodeEvent.MemberJoined j) {
      emit(
          json("event", "joined")
              .put("group", j.groupId().toHex())
              .put("member", j.member().toHex()));
    } else if (event instanceof MlsNodeEvent.MemberLeft l) {
      emit(
          json("event", "left")
              .put("group", l.groupId().toHex())
              .put("member", l.member().toHex()));
    } else if (event instanceof MlsNodeEvent.ForkResolved f) {
      emit(json("event", "fork").put("group", f.groupId().toHex()));
    }
  }

  private static ObjectNode json(String kind, String name) {
    return JSON.createObjectNode().put(kind, name);
  }

  private static void emit(ObjectNode line) {
    synchronized (OUT) {
      OUT.println(line.toString());
      OUT.flush();
    }
  }
}
