package org.mlsmesh.app.chat;

import java.util.Objects;
import org.mlsmesh.node.MemberId;

/** One line typed into the chat, parsed by {@link ChatParser}. */
public sealed interface ChatInput {
  /** A blank line: nothing to do. */
  record Blank() implements ChatInput {}

  /** Text for the current group. */
  record Say(String text) implements ChatInput {
    public Say {
      Objects.requireNonNull(text, "text");
    }
  }

  /** {@code /create}: a new group with this node as its only member. */
  record Create() implements ChatInput {}

  /** {@code /invite HEX}: add the node of that identity to the current group. */
  record Invite(MemberId identity) implements ChatInput {
    public Invite {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /** {@code /remove HEX}: remove that member from the current group. */
  record Remove(MemberId identity) implements ChatInput {
    public Remove {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /** {@code /groups}: list this node's groups with their numbers. */
  record Groups() implements ChatInput {}

  /** {@code /use N}: make group N the current group. */
  record Use(int number) implements ChatInput {}

  /** {@code /members}: the current group's members. */
  record Members() implements ChatInput {}

  /** {@code /epoch}: the current group's epoch and epoch authenticator. */
  record Epoch() implements ChatInput {}

  /** {@code /leave}: leave the current group. */
  record Leave() implements ChatInput {}

  /** {@code /whoami}: this node's identity, to give to whoever invites it. */
  record WhoAmI() implements ChatInput {}

  /** {@code /help}: the commands. */
  record Help() implements ChatInput {}

  /** {@code /quit}: stop the chat. */
  record Quit() implements ChatInput {}

  /** A line that is not a valid command; {@code reason} says what is wrong with it. */
  record Invalid(String reason) implements ChatInput {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
