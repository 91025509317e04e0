package org.mlsmesh.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MessageId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.RemovedFromGroupException;
import org.mlsmesh.protocol.codec.Bytes;

class ChatSessionTest {
  private static final MemberId BOB = MemberId.fromHex("b0b0b0b0" + "11".repeat(28));
  private static final MemberId CAROL = MemberId.fromHex("ca201000" + "22".repeat(28));

  private final FakeChatNode node = new FakeChatNode();
  private final StringWriter written = new StringWriter();
  private ChatSession session =
      new ChatSession(node, new PrintWriter(written), Duration.ofMillis(300));
  private int seen;

  @BeforeEach
  void listen() {
    node.listener = session::onEvent;
  }

  /** The lines printed since the last call, once every command started has been answered. */
  private List<String> printed() {
    assertThat(session.awaitAnswers(Duration.ofSeconds(10))).as("answered").isTrue();
    String all = written.toString();
    String fresh = all.substring(seen);
    seen = all.length();
    return fresh.isEmpty() ? List.of() : List.of(fresh.split("\n"));
  }

  private List<String> type(String line) {
    assertThat(session.handle(line)).isTrue();
    return printed();
  }

  @Test
  void greetsWithTheIdentityToBeInvitedBy() {
    session.greet();
    assertThat(printed()).first().isEqualTo("you are " + FakeChatNode.SELF.toHex());
    assertThat(type("/whoami")).containsExactly("you are " + FakeChatNode.SELF.toHex());
  }

  @Test
  void textWithoutAGroupSaysHowToGetOneAndSendsNothing() {
    assertThat(type("hello")).singleElement().asString().startsWith("no current group: /create");
    assertThat(type("/members")).singleElement().asString().startsWith("no current group");
    assertThat(type("/invite " + BOB.toHex())).singleElement().asString().startsWith("no current");
    assertThat(node.calls).isEmpty();
  }

  @Test
  void createdGroupBecomesCurrentAndReceivesWhatIsTyped() {
    assertThat(type("/create"))
        .containsExactly(
            "created group 1 (00000000); talking in it now; /invite HEX adds a member");
    GroupId group = session.currentGroup().orElseThrow();
    assertThat(type("hello, world")).isEmpty();
    assertThat(type("//slash")).isEmpty();
    assertThat(node.sent.get(group)).containsExactly("hello, world", "/slash");

    assertThat(type("/invite " + BOB.toHex()))
        .containsExactly(
            "inviting b0b0b0b0 into group 1: its Add goes out, then its Welcome",
            "b0b0b0b0 joined group 1");
    assertThat(type("/members"))
        .containsExactly(
            "group 1, epoch 1, 2 members:",
            "  " + FakeChatNode.SELF.toHex() + "  (you)",
            "  " + BOB.toHex());
    assertThat(type("/epoch"))
        .containsExactly("group 1: epoch 1 (final 1), epoch authenticator " + "ea".repeat(32));
    assertThat(type("/remove " + BOB.toHex())).containsExactly("removed b0b0b0b0 from group 1");
    assertThat(node.groups.get(group)).containsExactly(FakeChatNode.SELF);
  }

  @Test
  void eachRaceAndInvitationSaysWhatHappened() {
    type("/create");
    node.nextChange(true, 1);
    assertThat(type("/invite " + BOB.toHex()))
        .last()
        .isEqualTo(
            "b0b0b0b0 joined group 1: your Add lost a commit race and was committed again on the"
                + " winner's epoch");
    // Another member added Carol first: no word of our Welcome, which never went.
    node.nextChange(false, 1);
    assertThat(type("/invite " + CAROL.toHex()))
        .last()
        .isEqualTo(
            "ca201000 is in group 1: another member's Commit added it first (your Add lost the"
                + " race); it joins by that member's Welcome");
    assertThat(String.join("\n", printed())).doesNotContain("Welcome is on its way");

    node.nextChange(false, 1);
    assertThat(type("/remove " + BOB.toHex()))
        .containsExactly(
            "b0b0b0b0 is out of group 1: another member's Commit removed it first (your Remove"
                + " lost the race)");
    node.nextChange(true, 2);
    assertThat(type("/remove " + CAROL.toHex()))
        .containsExactly(
            "removed ca201000 from group 1: your Remove lost 2 commit races and was committed"
                + " again on the winner's epoch");
  }

  @Test
  void aRemoveOvertakenByOneOfThisMemberSaysSoNotThatItFailed() {
    type("/create");
    GroupId group = session.currentGroup().orElseThrow();
    node.failNext(
        new RemovedFromGroupException(
            group,
            "removed from group "
                + group
                + " before the removal of "
                + BOB
                + " was final; "
                + BOB
                + " was out of it by then"));
    List<String> lines = type("/remove " + BOB.toHex());
    assertThat(lines).singleElement().asString().startsWith("/remove b0b0b0b0: you were removed");
    assertThat(lines.get(0)).endsWith("was out of it by then").doesNotContain("failed");
  }

  @Test
  void aFailedCommandSaysWhyAndTheSessionGoesOn() {
    type("/create");
    node.failNext(new IllegalStateException("no KeyPackage of b0b0: NotFound"));
    assertThat(type("/invite " + BOB.toHex()))
        .containsExactly(
            "inviting b0b0b0b0 into group 1: its Add goes out, then its Welcome",
            "/invite b0b0b0b0 failed: no KeyPackage of b0b0: NotFound");
    node.failNext(new IllegalStateException("evil \u001b[2J message"));
    assertThat(type("again")).containsExactly("sending failed: evil \uFFFD[2J message");
    assertThat(type("/frob")).containsExactly("unknown command /frob; /help lists the commands");
    assertThat(type("/invite " + BOB.toHex())).last().asString().endsWith("joined group 1");
  }

  @Test
  void aCommandTheNodeDoesNotAnswerSaysSoAndDoesNotHoldUpTheInput() {
    type("/create");
    GroupId group = session.currentGroup().orElseThrow();
    node.hangNext();
    // The Commit of this Remove waits (here: forever); what is typed meanwhile goes out at once.
    assertThat(session.handle("/remove " + BOB.toHex())).isTrue();
    assertThat(session.handle("typed while the Remove waits")).isTrue();
    assertThat(node.sent.get(group)).containsExactly("typed while the Remove waits");
    assertThat(printed())
        .containsExactly("/remove b0b0b0b0: no answer within 300 ms yet (it may still complete)");
    assertThat(type("/epoch")).singleElement().asString().startsWith("group 1: epoch 0");
  }

  @Test
  void aWelcomeIsAnnouncedAndItsGroupBecomesCurrent() {
    GroupId group = node.joined(1, BOB, FakeChatNode.SELF);
    session.onEvent(new MlsNodeEvent.MemberJoined(group, BOB));
    session.onEvent(new MlsNodeEvent.MemberJoined(group, FakeChatNode.SELF));
    assertThat(printed())
        .containsExactly(
            "[1] + b0b0b0b0 joined",
            "[1] you joined group 1 (00000000) by invitation (Welcome); talking in it now");
    assertThat(session.currentGroup()).contains(group);

    session.onEvent(
        new MlsNodeEvent.MessageReceived(
            group, Optional.of(BOB), MessageId.fromHex("01"), utf8("hi \u001b[31mall")));
    session.onEvent(
        new MlsNodeEvent.MessageReceived(
            group, Optional.empty(), MessageId.fromHex("02"), utf8("?")));
    session.onEvent(new MlsNodeEvent.EpochChanged(group, 2, Bytes.fromHex("abcdef0123456789")));
    session.onEvent(new MlsNodeEvent.MemberJoined(group, CAROL));
    session.onEvent(new MlsNodeEvent.ForkResolved(group, 3, Bytes.of(new byte[] {3}), 1));
    session.onEvent(new MlsNodeEvent.ForkResolved(group, 4, Bytes.of(new byte[] {4}), 2));
    session.onEvent(new MlsNodeEvent.MemberLeft(group, CAROL));
    assertThat(printed())
        .containsExactly(
            "[1] b0b0b0b0: hi \uFFFD[31mall",
            "[1] (unknown sender): ?",
            "[1] epoch 2 (authenticator abcdef01)",
            "[1] + ca201000 joined",
            "[1] fork resolved at epoch 3: 1 Commit rolled back",
            "[1] fork resolved at epoch 4: 2 Commits rolled back",
            "[1] - ca201000 left");

    session.onEvent(new MlsNodeEvent.MemberLeft(group, FakeChatNode.SELF));
    assertThat(printed()).containsExactly("[1] you are no longer a member of group 1");
    assertThat(session.currentGroup()).isEmpty();

    // Invited again: the group keeps its number, and the join is told again.
    session.onEvent(new MlsNodeEvent.MemberJoined(group, FakeChatNode.SELF));
    assertThat(printed())
        .containsExactly(
            "[1] you joined group 1 (00000000) by invitation (Welcome); talking in it now");
    assertThat(session.currentGroup()).contains(group);
  }

  @Test
  void aJoinedGroupBecomesCurrentEvenWhenAnotherOneWas() {
    type("/create");
    GroupId second = node.joined(2, BOB, FakeChatNode.SELF);
    session.onEvent(new MlsNodeEvent.MemberJoined(second, FakeChatNode.SELF));
    assertThat(printed())
        .containsExactly(
            "[2] you joined group 2 (00000000) by invitation (Welcome); talking in it now");
    assertThat(session.currentGroup()).contains(second);
  }

  @Test
  void theCurrentGroupIsRestoredOnRestart(@TempDir Path dir) {
    CurrentGroupStore store = CurrentGroupStore.file(dir.resolve("current-group"));
    GroupId first = node.joined(1, BOB, FakeChatNode.SELF);
    GroupId second = node.joined(2, CAROL, FakeChatNode.SELF);
    session = new ChatSession(node, new PrintWriter(written), Duration.ofMillis(300), store);
    session.resume();
    assertThat(printed())
        .containsExactly(
            "1  " + first.toHex() + "  epoch 1, 2 members",
            "2  " + second.toHex() + "  epoch 1, 2 members");
    assertThat(session.currentGroup()).isEmpty(); // two groups and none chosen before
    type("/use 2");

    // The chat stops and starts again on the same node: group 2 is current again.
    session = new ChatSession(node, new PrintWriter(written), Duration.ofMillis(300), store);
    session.resume();
    assertThat(printed())
        .containsExactly(
            "1  " + first.toHex() + "  epoch 1, 2 members",
            "2  " + second.toHex() + "  epoch 1, 2 members  (current)",
            "talking in group 2 again");
    assertThat(session.currentGroup()).contains(second);
    type("after the restart");
    assertThat(node.sent.get(second)).containsExactly("after the restart");
  }

  @Test
  void groupsAreNumberedAndUseSwitchesBetweenThem() {
    type("/create");
    GroupId first = session.currentGroup().orElseThrow();
    GroupId second = node.joined(2, BOB, FakeChatNode.SELF);
    session.onEvent(new MlsNodeEvent.MemberJoined(second, FakeChatNode.SELF));
    printed();
    assertThat(type("/use 1")).containsExactly("talking in group 1");

    assertThat(type("/groups"))
        .containsExactly(
            "1  " + first.toHex() + "  epoch 0, 1 member  (current)",
            "2  " + second.toHex() + "  epoch 1, 2 members");
    assertThat(type("/use 2")).containsExactly("talking in group 2");
    type("to the second");
    assertThat(node.sent.get(second)).containsExactly("to the second");
    assertThat(type("/use 3")).containsExactly("no group 3; /groups lists yours");
    assertThat(session.currentGroup()).contains(second);

    assertThat(type("/leave")).containsExactly("left group 2");
    assertThat(session.currentGroup()).isEmpty();
    assertThat(type("/use 2"))
        .containsExactly("you are no longer a member of group 2; /groups lists yours");
    assertThat(type("/groups")).containsExactly("1  " + first.toHex() + "  epoch 0, 1 member");
  }

  @Test
  void noGroupsSaysHowToGetOne() {
    assertThat(type("/groups")).singleElement().asString().startsWith("no groups yet");
  }

  @Test
  void quitEndsTheRunAndLaterLinesAreIgnored() throws Exception {
    session.run(new BufferedReader(new StringReader("/create\n/quit\n/create\n")));
    assertThat(printed()).endsWith("bye");
    assertThat(session.hasQuit()).isTrue();
    assertThat(node.calls).containsExactly("create");
    assertThat(session.handle("hello")).isFalse();
  }

  @Test
  void theEndOfTheInputEndsTheRun() throws Exception {
    session.run(new BufferedReader(new StringReader("/create\nhello")));
    assertThat(node.calls).containsExactly("create", "send");
  }

  private static Bytes utf8(String s) {
    return Bytes.wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
