package org.mlsmesh.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.TestNodes;

/**
 * Two chat sessions on two real nodes on 127.0.0.1 (TLS links, directory, SQLite): Alice creates a
 * group and invites Bob by identity, Bob sees the Welcome, both talk, both see the messages and the
 * same epoch; then Bob leaves with /leave and Alice sees him go.
 */
@Timeout(180)
class ChatTwoNodesTest {
  private final List<MlsNode> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(MlsNode::close);
  }

  /** A chat session on a new node; the session hears the node's events from its start. */
  private final class Chat {
    final StringWriter screen = new StringWriter();
    final MlsNode node;
    final ChatSession session;

    Chat(Path dir, List<String> seeds) throws Exception {
      AtomicReference<ChatSession> listening = new AtomicReference<>();
      node =
          TestNodes.start(
              dir,
              seeds,
              event -> {
                ChatSession s = listening.get();
                if (s != null) {
                  s.onEvent(event);
                }
              });
      running.add(node);
      session = new ChatSession(ChatNode.of(node), new PrintWriter(screen), Duration.ofSeconds(60));
      listening.set(session);
      session.greet();
    }

    String screen() {
      return screen.toString();
    }

    /** Types {@code line} and waits for the answer (as a user reads it before typing on). */
    void type(String line) {
      assertThat(session.handle(line)).isTrue();
      assertThat(session.awaitAnswers(Duration.ofSeconds(90))).as("answered: " + line).isTrue();
    }

    /** Types {@code line} until the screen shows {@code expected} after it. */
    void typeUntil(String line, String expected) throws InterruptedException {
      TestNodes.await(
          "'" + expected + "' after '" + line + "'",
          () -> {
            int before = screen().length();
            type(line);
            if (screen().substring(before).contains(expected)) {
              return true;
            }
            sleep(200);
            return false;
          });
    }

    /** The epoch line /epoch prints now. */
    String epoch() {
      int before = screen().length();
      type("/epoch");
      return screen().substring(before).strip();
    }
  }

  @Test
  void twoSessionsCreateInviteAndTalk(@TempDir Path dir) throws Exception {
    Chat alice = new Chat(dir.resolve("alice"), List.of());
    Chat bob = new Chat(dir.resolve("bob"), List.of(alice.node.pinnedAddress()));
    String aliceId = shortId(alice.node.identity());
    String bobId = shortId(bob.node.identity());

    alice.type("/create");
    assertThat(alice.screen()).contains("created group 1");
    // Bob's KeyPackages may still be on their way through the directory: the chat says so.
    alice.typeUntil("/invite " + bob.node.identity().toHex(), bobId + " joined group 1");
    TestNodes.await(
        "Bob sees the Welcome",
        () ->
            bob.screen().contains("you joined group 1 (")
                && bob.screen().contains("by invitation"));
    assertThat(bob.session.currentGroup()).isEqualTo(alice.session.currentGroup());
    assertThat(bob.screen()).contains("[1] + " + aliceId + " joined");

    alice.type("hello Bob, this is Alice");
    bob.type("hi Alice \u00e9\u00e8");
    TestNodes.await(
        "both see the other's message",
        () ->
            bob.screen().contains("[1] " + aliceId + ": hello Bob, this is Alice")
                && alice.screen().contains("[1] " + bobId + ": hi Alice \u00e9\u00e8"));
    assertThat(alice.screen()).contains("[1] + " + bobId + " joined").contains("[1] epoch 1");

    TestNodes.await("the same epoch", () -> alice.epoch().equals(bob.epoch()));
    assertThat(alice.epoch()).startsWith("group 1: epoch 1 (final 1), epoch authenticator ");
    for (Chat chat : List.of(alice, bob)) {
      int before = chat.screen().length();
      chat.type("/members");
      assertThat(chat.screen().substring(before))
          .contains("group 1, epoch 1, 2 members:")
          .contains(alice.node.identity().toHex())
          .contains(bob.node.identity().toHex());
    }
    assertThat(alice.screen() + bob.screen())
        .doesNotContain("sending failed")
        .doesNotContain("error:");

    // Bob leaves: his SelfRemove reaches Alice, whose Commit removes him in the next epoch.
    bob.type("/leave");
    assertThat(bob.screen()).contains("left group 1").doesNotContain("/leave failed");
    assertThat(bob.screen()).contains("you are no longer a member of group 1");
    TestNodes.await(
        "Alice sees Bob leave", () -> alice.screen().contains("[1] - " + bobId + " left"));
    assertThat(alice.epoch()).startsWith("group 1: epoch 2");
    // The group actor stops right after it completes the leave; the registry hears it then.
    GroupId group = alice.session.currentGroup().orElseThrow();
    TestNodes.await("Bob's node forgot the group", () -> !TestNodes.isMember(bob.node, group));
    assertThat(TestNodes.get(bob.node.groups())).isEmpty();
    assertThat(bob.session.handle("/quit")).isFalse();
  }

  private static String shortId(MemberId id) {
    return id.toHex().substring(0, 8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
