package org.mlsmesh.app.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.RemovedFromGroupException;

/**
 * A line-oriented chat on a node: runs the commands typed (parsed by {@link ChatParser}) against a
 * {@link ChatNode} and prints what happens in the node's groups ({@link #onEvent}) as it comes,
 * from any thread.
 *
 * <p>Commands never block the input: each is started at once and its result printed when the node
 * answers, so lines typed while a Commit waits for its settle window go out at once. A command the
 * node has not answered within the timeout says so, and its result is still printed when it comes.
 *
 * <p>Groups are numbered in the order the session first sees them ({@code /use N}); the current
 * group receives what is typed. It is the group last created, joined or chosen, kept in a {@link
 * CurrentGroupStore} across restarts. A failed or bad command prints why and the session goes on.
 */
public final class ChatSession {
  private final ChatNode node;
  private final PrintWriter out;
  private final Duration timeout;
  private final CurrentGroupStore store;

  // Guarded by this.
  private final List<GroupId> numbered = new ArrayList<>();
  private final Set<GroupId> createdHere = new HashSet<>();
  private final Set<GroupId> selfJoinSeen = new HashSet<>();
  private Optional<GroupId> current = Optional.empty();
  private int creating;
  private int unanswered;
  private boolean quit;

  /**
   * A session whose current group lives in memory only.
   *
   * @param timeout how long a command waits for the node's answer before the session says so (an
   *     invitation fails then: it waits for the invitee to join)
   */
  public ChatSession(ChatNode node, PrintWriter out, Duration timeout) {
    this(node, out, timeout, CurrentGroupStore.inMemory());
  }

  /** A session whose current group is kept in {@code store}. */
  public ChatSession(ChatNode node, PrintWriter out, Duration timeout, CurrentGroupStore store) {
    this.node = Objects.requireNonNull(node, "node");
    this.out = Objects.requireNonNull(out, "out");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Says who this node is and how to get help. */
  public void greet() {
    print("you are " + node.identity().toHex());
    print("others invite you by that identity; /help lists the commands");
  }

  /**
   * Lists the node's groups and makes current the one that was current when the chat last stopped
   * (or the only one), as after {@code /use}.
   */
  public void resume() {
    Optional<GroupId> before = store.load();
    track(
        "/groups",
        node.groups()
            .thenCompose(
                groups -> {
                  Optional<GroupId> restored =
                      before.filter(groups::contains).or(() -> only(groups));
                  synchronized (this) {
                    groups.forEach(this::numberOf);
                    if (current.isEmpty() && restored.isPresent()) {
                      setCurrent(restored);
                    }
                  }
                  return groupLines(groups)
                      .thenApply(
                          lines -> {
                            List<String> all = new ArrayList<>(lines);
                            restored
                                .filter(g -> currentGroup().equals(Optional.of(g)))
                                .ifPresent(
                                    g -> all.add("talking in group " + number(g) + " again"));
                            return all;
                          });
                }),
        this::print);
  }

  private static Optional<GroupId> only(List<GroupId> groups) {
    return groups.size() == 1 ? Optional.of(groups.get(0)) : Optional.empty();
  }

  /**
   * Handles the lines of {@code in} until {@code /quit} or the end of the input, then waits (at
   * most the timeout) for the commands still running.
   */
  public void run(BufferedReader in) throws IOException {
    String line;
    while (!hasQuit() && (line = in.readLine()) != null) {
      handle(line);
    }
    awaitAnswers(timeout);
  }

  /** Handles one typed line without waiting for the node; returns false once the user has quit. */
  public boolean handle(String line) {
    ChatInput input = ChatParser.parse(line);
    try {
      dispatch(input);
    } catch (RuntimeException e) {
      print("error: " + reason(e));
    }
    return !hasQuit();
  }

  /**
   * Waits until every command started so far was answered, or said it has no answer within the
   * timeout; false when {@code limit} passed first.
   */
  public synchronized boolean awaitAnswers(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (unanswered > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  public synchronized boolean hasQuit() {
    return quit;
  }

  /** The group that typed text goes to, if any. */
  public synchronized Optional<GroupId> currentGroup() {
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
      awaitAnswer(track("/groups", node.groups().thenCompose(this::groupLines), this::print));
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
    requireCurrent()
        .ifPresent(
            group ->
                track(
                    "sending", node.send(group, text.getBytes(StandardCharsets.UTF_8)), id -> {}));
  }

  private void create() {
    synchronized (this) {
      creating++;
    }
    CompletionStage<GroupId> created =
        node.createGroup()
            .whenComplete(
                (group, error) -> {
                  synchronized (this) {
                    creating--;
                  }
                });
    awaitAnswer(
        track(
            "/create",
            created,
            group -> {
              int number;
              synchronized (this) {
                number = numberOf(group);
                createdHere.add(group);
                setCurrent(Optional.of(group));
              }
              print(
                  "created group "
                      + number
                      + " ("
                      + ChatText.shortId(group)
                      + "); talking in it now; /invite HEX adds a member");
            }));
  }

  private void invite(MemberId invitee) {
    Optional<GroupId> group = requireCurrent();
    if (group.isEmpty()) {
      return;
    }
    int number = number(group.get());
    String who = ChatText.shortId(invitee);
    print("inviting " + who + " into group " + number + ": its Add goes out, then its Welcome");
    track(
        "/invite " + who,
        node.invite(group.get(), invitee, timeout),
        change -> print(ChatOutcomes.invited(change, who, number)),
        false);
  }

  private void remove(MemberId member) {
    Optional<GroupId> group = requireCurrent();
    if (group.isEmpty()) {
      return;
    }
    int number = number(group.get());
    String who = ChatText.shortId(member);
    track(
        "/remove " + who,
        node.remove(group.get(), member),
        change -> print(ChatOutcomes.removed(change, who, number)));
  }

  /** The lines of /groups: each group with its number, epoch and members. */
  private CompletionStage<List<String>> groupLines(List<GroupId> groups) {
    if (groups.isEmpty()) {
      return CompletableFuture.completedFuture(
          List.of(
              "no groups yet: /create one, or give your identity (/whoami) to a member to invite"
                  + " you"));
    }
    List<GroupId> ordered;
    synchronized (this) {
      groups.forEach(this::numberOf);
      ordered = numbered.stream().filter(groups::contains).toList();
    }
    List<CompletableFuture<String>> lines = new ArrayList<>();
    for (GroupId group : ordered) {
      String head = number(group) + "  " + group.toHex();
      String tail = currentGroup().equals(Optional.of(group)) ? "  (current)" : "";
      lines.add(
          node.status(group)
              .toCompletableFuture()
              .handle(
                  (s, error) ->
                      head + (s == null ? "" : "  epoch " + s.epoch() + ", " + members(s)) + tail));
    }
    return CompletableFuture.allOf(lines.toArray(CompletableFuture[]::new))
        .thenApply(done -> lines.stream().map(CompletableFuture::join).toList());
  }

  private void use(int number) {
    awaitAnswer(
        track(
            "/use",
            node.groups(),
            groups -> {
              GroupId group;
              synchronized (this) {
                groups.forEach(this::numberOf); // groups this session has not seen yet
                if (number > numbered.size()) {
                  print("no group " + number + "; /groups lists yours");
                  return;
                }
                group = numbered.get(number - 1);
              }
              if (!groups.contains(group)) {
                print("you are no longer a member of group " + number + "; /groups lists yours");
                return;
              }
              synchronized (this) {
                setCurrent(Optional.of(group));
              }
              print("talking in group " + number);
            }));
  }

  private void members() {
    Optional<GroupId> group = requireCurrent();
    if (group.isEmpty()) {
      return;
    }
    MemberId self = node.identity();
    awaitAnswer(
        track(
            "/members",
            node.status(group.get()),
            s -> {
              List<String> lines = new ArrayList<>();
              lines.add(
                  "group "
                      + number(group.get())
                      + ", epoch "
                      + s.epoch()
                      + ", "
                      + members(s)
                      + ":");
              for (MemberId member : s.members()) {
                lines.add("  " + member.toHex() + (member.equals(self) ? "  (you)" : ""));
              }
              print(lines);
            }));
  }

  private void epoch() {
    Optional<GroupId> group = requireCurrent();
    if (group.isEmpty()) {
      return;
    }
    awaitAnswer(
        track(
            "/epoch",
            node.status(group.get()),
            s ->
                print(
                    "group "
                        + number(group.get())
                        + ": epoch "
                        + s.epoch()
                        + " (final "
                        + s.finalEpoch()
                        + "), epoch authenticator "
                        + s.epochAuthenticator().toHex())));
  }

  private void leave() {
    Optional<GroupId> group = requireCurrent();
    if (group.isEmpty()) {
      return;
    }
    track(
        "/leave",
        node.leave(group.get()),
        done -> {
          synchronized (this) {
            if (current.equals(group)) {
              setCurrent(Optional.empty());
            }
          }
          print("left group " + number(group.get()));
        });
  }

  private Optional<GroupId> requireCurrent() {
    Optional<GroupId> group = currentGroup();
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
    GroupId group = event.groupId();
    MemberId self = node.identity();
    int number;
    boolean joined = event instanceof MlsNodeEvent.MemberJoined j && j.member().equals(self);
    synchronized (this) {
      if (quit) {
        return;
      }
      boolean newGroup = !numbered.contains(group);
      number = numberOf(group);
      if (joined && !selfJoinSeen.add(group)) {
        return; // told already
      }
      if (joined && (creating > 0 && newGroup || createdHere.contains(group))) {
        return; // our own /create, which reports itself
      }
      if (joined) {
        setCurrent(Optional.of(group));
      }
      if (event instanceof MlsNodeEvent.MemberLeft l && l.member().equals(self)) {
        selfJoinSeen.remove(group);
        createdHere.remove(group);
      }
    }
    String tag = "[" + number + "] ";
    if (joined) {
      print(
          tag
              + "you joined group "
              + number
              + " ("
              + ChatText.shortId(group)
              + ") by invitation (Welcome); talking in it now");
    } else if (event instanceof MlsNodeEvent.MessageReceived m) {
      String sender = m.sender().map(ChatText::shortId).orElse("(unknown sender)");
      print(tag + sender + ": " + ChatText.payload(m.payload()));
    } else if (event instanceof MlsNodeEvent.MemberJoined j) {
      print(tag + "+ " + ChatText.shortId(j.member()) + " joined");
    } else if (event instanceof MlsNodeEvent.MemberLeft l) {
      if (l.member().equals(self)) {
        synchronized (this) {
          if (current.equals(Optional.of(group))) {
            setCurrent(Optional.empty());
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
  private int numberOf(GroupId group) {
    int index = numbered.indexOf(group);
    if (index < 0) {
      numbered.add(group);
      return numbered.size();
    }
    return index + 1;
  }

  private synchronized int number(GroupId group) {
    return numberOf(group);
  }

  /** Call holding this. */
  private void setCurrent(Optional<GroupId> group) {
    current = group;
    try {
      store.save(group);
    } catch (UncheckedIOException e) {
      print("cannot remember the current group: " + reason(e));
    }
  }

  private <T> CompletableFuture<Void> track(
      String what, CompletionStage<T> stage, Consumer<T> onValue) {
    return track(what, stage, onValue, true);
  }

  /**
   * Prints what {@code stage} gives, through {@code onValue}, or why it failed, when it completes.
   * With {@code notice}, says so when the node has not answered within the timeout.
   */
  private <T> CompletableFuture<Void> track(
      String what, CompletionStage<T> stage, Consumer<T> onValue, boolean notice) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    synchronized (this) {
      unanswered++;
    }
    CompletableFuture<Void> answered = new CompletableFuture<>();
    Runnable answer =
        () -> {
          synchronized (this) {
            if (answered.complete(null)) {
              unanswered--;
              notifyAll();
            }
          }
        };
    if (notice && !future.isDone()) {
      CompletableFuture.runAsync(
          () -> {
            if (!future.isDone()) {
              print(
                  what + ": no answer within " + seconds(timeout) + " yet (it may still complete)");
              answer.run();
            }
          },
          CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }
    future.whenComplete(
        (value, error) -> {
          try {
            if (error != null) {
              print(failure(what, error));
            } else {
              onValue.accept(value);
            }
          } catch (RuntimeException e) {
            print("error: " + reason(e));
          } finally {
            answer.run();
          }
        });
    return answered;
  }

  /**
   * Waits until {@code answered}: for the commands that only ask the node (no Commit), so that what
   * is typed after them sees their effect (the current group, say). Bounded: a command not answered
   * within the timeout is answered by the notice that says so.
   */
  private static void awaitAnswer(CompletableFuture<Void> answered) {
    try {
      answered.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e); // answered never fails
    }
  }

  private String failure(String what, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof RemovedFromGroupException) {
      return what + ": you were " + reason(cause);
    }
    return what + " failed: " + reason(cause);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static Throwable unwrap(Throwable e) {
    Throwable cause = e;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String reason(Throwable e) {
    Throwable cause = unwrap(e);
    String message = cause.getMessage();
    return ChatText.clean(message == null ? cause.getClass().getSimpleName() : message);
  }

  private void print(String line) {
    print(List.of(line));
  }

  /** Prints {@code lines} together, not interleaved with another thread's. */
  private void print(List<String> lines) {
    synchronized (out) {
      lines.forEach(out::println);
      out.flush();
    }
  }
}
