package org.mlsmesh.app.chat;

import java.util.List;
import java.util.Locale;
import org.mlsmesh.node.MemberId;

/**
 * Parses one line of the chat. A line starting with {@code /} is a command; {@code //} starts a
 * message that begins with a slash; any other line is a message for the current group. A bad
 * command becomes {@link ChatInput.Invalid} with the reason, never an exception.
 */
public final class ChatParser {
  /** The commands and what they do, as {@code /help} prints them. */
  public static final List<String> HELP =
      List.of(
          "/create          create a group (you are its only member) and talk in it",
          "/invite HEX      invite the node of that identity into the current group",
          "/remove HEX      remove that member from the current group",
          "/groups          list your groups with their numbers",
          "/use N           talk in group N",
          "/members         the current group's members",
          "/epoch           the current group's epoch and epoch authenticator",
          "/leave           leave the current group",
          "/whoami          your identity (others invite you by it)",
          "/help            this list",
          "/quit            stop the chat",
          "any other line is sent to the current group; start it with // to send a line"
              + " beginning with /");

  private ChatParser() {}

  public static ChatInput parse(String line) {
    String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    if (text.isBlank()) {
      return new ChatInput.Blank();
    }
    if (text.startsWith("//")) {
      return new ChatInput.Say(text.substring(1));
    }
    if (!text.startsWith("/")) {
      return new ChatInput.Say(text);
    }
    String[] words = text.trim().split("\\s+");
    String command = words[0].toLowerCase(Locale.ROOT);
    int arguments = words.length - 1;
    return switch (command) {
      case "/create" -> noArgument(command, arguments, new ChatInput.Create());
      case "/groups" -> noArgument(command, arguments, new ChatInput.Groups());
      case "/members" -> noArgument(command, arguments, new ChatInput.Members());
      case "/epoch" -> noArgument(command, arguments, new ChatInput.Epoch());
      case "/leave" -> noArgument(command, arguments, new ChatInput.Leave());
      case "/whoami" -> noArgument(command, arguments, new ChatInput.WhoAmI());
      case "/help" -> noArgument(command, arguments, new ChatInput.Help());
      case "/quit", "/exit" -> noArgument(command, arguments, new ChatInput.Quit());
      case "/invite", "/remove" -> identityCommand(command, words);
      case "/use" -> use(words);
      default ->
          new ChatInput.Invalid("unknown command " + words[0] + "; /help lists the commands");
    };
  }

  private static ChatInput noArgument(String command, int arguments, ChatInput input) {
    if (arguments > 0) {
      return new ChatInput.Invalid(command + " takes no argument");
    }
    return input;
  }

  private static ChatInput identityCommand(String command, String[] words) {
    if (words.length != 2) {
      return new ChatInput.Invalid(
          command + " takes one identity in hex, as /whoami prints it: " + command + " HEX");
    }
    String hex = words[1];
    if (hex.length() % 2 != 0 || !isHex(hex)) {
      return new ChatInput.Invalid(
          command
              + ": '"
              + ChatText.clean(abbreviate(hex))
              + "' is not an identity in hex (an even number of digits 0-9 a-f, as /whoami"
              + " prints it)");
    }
    MemberId identity;
    try {
      identity = MemberId.fromHex(hex);
    } catch (IllegalArgumentException e) {
      return new ChatInput.Invalid(command + ": " + ChatText.clean(e.getMessage()));
    }
    return command.equals("/invite")
        ? new ChatInput.Invite(identity)
        : new ChatInput.Remove(identity);
  }

  private static ChatInput use(String[] words) {
    if (words.length != 2) {
      return new ChatInput.Invalid("/use takes a group number, as /groups lists them: /use N");
    }
    String number = words[1];
    if (!number.matches("[0-9]{1,9}") || Integer.parseInt(number) == 0) {
      return new ChatInput.Invalid(
          "/use: '"
              + ChatText.clean(abbreviate(number))
              + "' is not a group number (1, 2, ... as /groups lists them)");
    }
    return new ChatInput.Use(Integer.parseInt(number));
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
