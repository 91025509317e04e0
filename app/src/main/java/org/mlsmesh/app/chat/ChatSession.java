package org.mlsmesh.app.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A line-oriented chat on a node: runs the commands typed (parsed by {@link ChatParser}) against a
 * {@link ChatNode}, one at a time, each waiting for the node's answer, and prints what happens in
 * the node's groups ({@link #onEvent}) as it comes, from any thread.
 *
 * <p>Groups are numbered in the order the session first sees them ({@code /use N}); the current
 * group receives what is typed. A failed or bad command prints why and the session goes on.
 */
public final class ChatSession {
  private final ChatNode node;
  private final PrintWriter out;
  private final Duration timeout;

  // Guarded by this.
  private final List<Bytes> numbered = new ArrayList<>();
  private Optional<Bytes> current = Optional.empty();
  private int creating;
  private boolean quit;

  /**
   * @param timeout how long a command waits for the node's answer (an invitation waits for its
   *     Commit to be final)
   */
  public ChatSession(ChatNode node, PrintWriter out, Duration timeout) {
    this.node = Objects.requireNonNull(node, "node");
    this.out = Objects.requireNonNull(out, "out");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Says who this node is and how to get help. */
  public void greet() {
    print("you are " + node.identity().toHex());
    print("others invite you by that identity; /help lists the commands");
  }

  /** Handles the lines of {@code in} until {@code /quit} or the end of the input. */
  public void run(BufferedReader in) throws IOException {
    String line;
    while (!hasQuit() && (line = in.readLine()) != null) {
      handle(line);
    }
  }

  /** Handles one typed line; returns false once the user has quit. */
  public boolean handle(String line) {
    ChatInput input = ChatParser.parse(line);
    try {
      dispatch(input);
    } catch (RuntimeException e) {
      print("error: " + reason(e));
    }
    return !hasQuit();
  }

  public synchronized boolean hasQuit() {
    return quit;
  }

  /** The group that typed text goes to, if any. */
  public synchronized Optional<Bytes> currentGroup() {
    return current;
  }

  private void dispatch(ChatInput input) {
    if (input instanceof ChatInput.Say say) {
      say(say.text());
    } else if (input instanceof ChatInput.Create) {
      create();
    } else if (input instanceof ChatInput.Invite invite) {
      invite(invite.identity());
    } else if (input instanceof ChatInput.Remove remove) {
      remove(remove.identity());
    } else if (input instanceof ChatInput.Groups) {
      groups();
    } else if (input instanceof ChatInput.Use use) {
      use(use.number());
    } else if (input instanceof ChatInput.Members) {
      members();
    } else if (input instanceof ChatInput.Epoch) {
      epoch();
    } else if (input instanceof ChatInput.Leave) {
      leave();
    } else if (input instanceof ChatInput.WhoAmI) {
      print("you are " + node.identity().toHex());
    } else if (input instanceof ChatInput.Help) {
      ChatParser.HELP.forEach(this::print);
    } else if (input instanceof ChatInput.Quit) {
      synchronized (this) {
        quit = true;
      }
      print("bye");
    } else if (input instanceof ChatInput.Invalid invalid) {
      print(invalid.reason());
    }
    // ChatInput.Blank: nothing to do.
  }

  // ------------------------------------------------------------------ commands

  private void say(String text) {
    Optional<Bytes> group = requireCurrent();
    if (group.isPresent()) {
      await("sending", node.send(group.get(), text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private void create() {
    synchronized (this) {
      creating++;
    }
    try {
      Optional<Bytes> created = await("/create", node.createGroup());
      if (created.isPresent()) {
        int number;
        synchronized (this) {
          number = numberOf(created.get());
          current = created;
        }
        print(
            "created group "
                + number
                + " ("
                + ChatText.shortId(created.get())
                + "); talking in it now; /invite HEX adds a member");
      }
    } finally {
      synchronized (this) {
        creating--;
      }
    }
  }

  private void invite(Bytes identity) {
    Optional<Bytes> group = requireCurrent();
    if (group.isPresent() && done("/invite", node.invite(group.get(), identity))) {
      print(
          "invited "
              + ChatText.shortId(identity)
              + " into group "
              + number(group.get())
              + "; the Welcome is on its way");
    }
  }

  private void remove(Bytes identity) {
    Optional<Bytes> group = requireCurrent();
    if (group.isPresent() && done("/remove", node.remove(group.get(), identity))) {
      print("removed " + ChatText.shortId(identity) + " from group " + number(group.get()));
    }
  }

  private void groups() {
    Optional<List<Bytes>> groups = await("/groups", node.groups());
    if (groups.isEmpty()) {
      return;
    }
    if (groups.get().isEmpty()) {
      print(
          "no groups yet: /create one, or give your identity (/whoami) to a member to invite you");
      return;
    }
    List<Bytes> ordered;
    synchronized (this) {
      groups.get().forEach(this::numberOf);
      ordered = numbered.stream().filter(groups.get()::contains).toList();
    }
    for (Bytes group : ordered) {
      StringBuilder line = new StringBuilder();
      line.append(number(group)).append("  ").append(group.toHex());
      Optional<GroupStatus> status =
          await("status of " + ChatText.shortId(group), node.status(group));
      status.ifPresent(
          s -> line.append("  epoch ").append(s.epoch()).append(", ").append(members(s)));
      if (currentGroup().equals(Optional.of(group))) {
        line.append("  (current)");
      }
      print(line.toString());
    }
  }

  private void use(int number) {
    Bytes group;
    synchronized (this) {
      if (number > numbered.size()) {
        print("no group " + number + "; /groups lists yours");
        return;
      }
      group = numbered.get(number - 1);
    }
    Optional<List<Bytes>> groups = await("/use", node.groups());
    if (groups.isEmpty()) {
      return;
    }
    if (!groups.get().contains(group)) {
      print("you are no longer a member of group " + number + "; /groups lists yours");
      return;
    }
    synchronized (this) {
      current = Optional.of(group);
    }
    print("talking in group " + number);
  }

  private void members() {
    Optional<Bytes> group = requireCurrent();
    if (group.isEmpty()) {
      return;
    }
    Optional<GroupStatus> status = await("/members", node.status(group.get()));
    if (status.isPresent()) {
      GroupStatus s = status.get();
      print("group " + number(group.get()) + ", epoch " + s.epoch() + ", " + members(s) + ":");
      Bytes self = node.identity();
      for (Bytes member : s.members()) {
        print("  " + member.toHex() + (member.equals(self) ? "  (you)" : ""));
      }
    }
  }

  private void epoch() {
    Optional<Bytes> group = requireCurrent();
    if (group.isEmpty()) {
      return;
    }
    Optional<GroupStatus> status = await("/epoch", node.status(group.get()));
    status.ifPresent(
        s ->
            print(
                "group "
                    + number(group.get())
                    + ": epoch "
                    + s.epoch()
                    + " (final "
                    + s.finalEpoch()
                    + "), epoch authenticator "
                    + s.epochAuthenticator().toHex()));
  }

  private void leave() {
    Optional<Bytes> group = requireCurrent();
    if (group.isPresent() && done("/leave", node.leave(group.get()))) {
      synchronized (this) {
        if (current.equals(group)) {
          current = Optional.empty();
        }
      }
      print("left group " + number(group.get()));
    }
  }

  private Optional<Bytes> requireCurrent() {
    Optional<Bytes> group = currentGroup();
    if (group.isEmpty()) {
      print("no current group: /create one, /use N one of /groups, or wait for an invitation");
    }
    return group;
  }

  private static String members(GroupStatus s) {
    return s.members().size() + (s.members().size() == 1 ? " member" : " members");
  }

  // ------------------------------------------------------------------ events

  /** Prints what happened in a group. Called from the node's threads. */
  public void onEvent(MlsNodeEvent event) {
    Bytes group = event.groupId();
    Bytes self = node.identity();
    int number;
    boolean newGroup;
    boolean nowCurrent = false;
    synchronized (this) {
      if (quit) {
        return;
      }
      newGroup = !numbered.contains(group);
      number = numberOf(group);
      if (newGroup
          && event instanceof MlsNodeEvent.MemberJoined j
          && j.member().equals(self)
          && creating > 0) {
        return; // our own /create, which reports itself
      }
      if (newGroup && current.isEmpty()) {
        current = Optional.of(group);
        nowCurrent = true;
      }
    }
    String tag = "[" + number + "] ";
    if (newGroup) {
      print(
          tag
              + "you joined group "
              + number
              + " ("
              + ChatText.shortId(group)
              + ") by invitation (Welcome)"
              + (nowCurrent ? "; talking in it now" : "; /use " + number + " to talk in it"));
    }
    if (event instanceof MlsNodeEvent.MessageReceived m) {
      print(tag + ChatText.shortId(m.sender()) + ": " + ChatText.payload(m.payload()));
    } else if (event instanceof MlsNodeEvent.MemberJoined j) {
      if (!j.member().equals(self)) {
        print(tag + "+ " + ChatText.shortId(j.member()) + " joined");
      }
    } else if (event instanceof MlsNodeEvent.MemberLeft l) {
      if (l.member().equals(self)) {
        synchronized (this) {
          if (current.equals(Optional.of(group))) {
            current = Optional.empty();
          }
        }
        print(tag + "you are no longer a member of group " + number);
      } else {
        print(tag + "- " + ChatText.shortId(l.member()) + " left");
      }
    } else if (event instanceof MlsNodeEvent.EpochChanged e) {
      print(
          tag
              + "epoch "
              + e.epoch()
              + " (authenticator "
              + ChatText.shortId(e.epochAuthenticator())
              + ")");
    } else if (event instanceof MlsNodeEvent.ForkResolved f) {
      print(
          tag
              + "fork resolved at epoch "
              + f.epoch()
              + ": "
              + f.droppedCommits()
              + (f.droppedCommits() == 1 ? " Commit" : " Commits")
              + " rolled back");
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The group's number, given to it now if it has none yet. Call holding this. */
  private int numberOf(Bytes group) {
    int index = numbered.indexOf(group);
    if (index < 0) {
      numbered.add(group);
      return numbered.size();
    }
    return index + 1;
  }

  private synchronized int number(Bytes group) {
    return numberOf(group);
  }

  private boolean done(String what, CompletionStage<Void> stage) {
    return await(what, stage.thenApply(v -> Boolean.TRUE)).isPresent();
  }

  /** The stage's value, or empty after printing why there is none. */
  private <T> Optional<T> await(String what, CompletionStage<T> stage) {
    try {
      return Optional.of(
          stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      print(what + " failed: " + reason(e.getCause()));
    } catch (TimeoutException e) {
      print(what + ": no answer within " + seconds(timeout) + " (it may still complete)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      print(what + ": interrupted");
    }
    return Optional.empty();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return ChatText.clean(message == null ? cause.getClass().getSimpleName() : message);
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
