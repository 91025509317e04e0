package org.mlsmesh.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlsmesh.node.MemberId;

class ChatParserTest {
  private static final String ID =
      "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

  @Test
  void plainLinesAreMessagesAsTyped() {
    assertThat(ChatParser.parse("hello, world  ")).isEqualTo(new ChatInput.Say("hello, world  "));
    assertThat(ChatParser.parse("  indented")).isEqualTo(new ChatInput.Say("  indented"));
    assertThat(ChatParser.parse("with a carriage return\r"))
        .isEqualTo(new ChatInput.Say("with a carriage return"));
  }

  @Test
  void aDoubleSlashSendsALineThatStartsWithASlash() {
    assertThat(ChatParser.parse("//create is a command"))
        .isEqualTo(new ChatInput.Say("/create is a command"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t", "\r"})
  void blankLinesDoNothing(String line) {
    assertThat(ChatParser.parse(line)).isEqualTo(new ChatInput.Blank());
  }

  @Test
  void commandsWithoutArguments() {
    assertThat(ChatParser.parse("/create")).isEqualTo(new ChatInput.Create());
    assertThat(ChatParser.parse("/groups")).isEqualTo(new ChatInput.Groups());
    assertThat(ChatParser.parse("/members")).isEqualTo(new ChatInput.Members());
    assertThat(ChatParser.parse("/epoch")).isEqualTo(new ChatInput.Epoch());
    assertThat(ChatParser.parse("/leave")).isEqualTo(new ChatInput.Leave());
    assertThat(ChatParser.parse("/whoami")).isEqualTo(new ChatInput.WhoAmI());
    assertThat(ChatParser.parse("/help")).isEqualTo(new ChatInput.Help());
    assertThat(ChatParser.parse("/quit")).isEqualTo(new ChatInput.Quit());
    assertThat(ChatParser.parse("/exit")).isEqualTo(new ChatInput.Quit());
    assertThat(ChatParser.parse("/QUIT  ")).isEqualTo(new ChatInput.Quit());
  }

  @Test
  void inviteAndRemoveTakeAHexIdentityInEitherCase() {
    assertThat(ChatParser.parse("/invite " + ID))
        .isEqualTo(new ChatInput.Invite(MemberId.fromHex(ID)));
    assertThat(ChatParser.parse("/remove   " + ID.toUpperCase()))
        .isEqualTo(new ChatInput.Remove(MemberId.fromHex(ID)));
  }

  @Test
  void useTakesAGroupNumber() {
    assertThat(ChatParser.parse("/use 2")).isEqualTo(new ChatInput.Use(2));
    assertThat(ChatParser.parse("/use 007")).isEqualTo(new ChatInput.Use(7));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/frobnicate        | unknown command /frobnicate; /help lists the commands",
        "/                  | unknown command /; /help lists the commands",
        "/create now        | /create takes no argument",
        "/quit please       | /quit takes no argument",
        "/invite            | /invite takes one identity in hex",
        "/invite ab cd      | /invite takes one identity in hex",
        "/invite xyz1       | /invite: 'xyz1' is not an identity in hex",
        "/invite abc        | /invite: 'abc' is not an identity in hex",
        "/remove 12g4       | /remove: '12g4' is not an identity in hex",
        "/use               | /use takes a group number",
        "/use two           | /use: 'two' is not a group number",
        "/use 0             | /use: '0' is not a group number",
        "/use -1            | /use: '-1' is not a group number",
        "/use 99999999999   | /use: '99999999999' is not a group number",
        "/use 1 2           | /use takes a group number",
      })
  void badCommandsSayWhatIsWrong(String line, String reason) {
    ChatInput input = ChatParser.parse(line);
    assertThat(input).isInstanceOf(ChatInput.Invalid.class);
    assertThat(((ChatInput.Invalid) input).reason()).startsWith(reason);
  }

  @Test
  void aBadArgumentIsShownCleanedAndShortened() {
    ChatInput input = ChatParser.parse("/invite \u001b[31m" + "f".repeat(200));
    assertThat(((ChatInput.Invalid) input).reason())
        .doesNotContain("\u001b")
        .contains("\uFFFD[31m")
        .hasSizeLessThan(250);
  }

  @Test
  void theHelpNamesEveryCommand() {
    String help = String.join("\n", ChatParser.HELP);
    for (String command :
        new String[] {
          "/create",
          "/invite",
          "/remove",
          "/groups",
          "/use",
          "/members",
          "/epoch",
          "/leave",
          "/whoami",
          "/help",
          "/quit"
        }) {
      assertThat(help).contains(command + " ");
      assertThat(ChatParser.parse(command)).isNotInstanceOf(ChatInput.Say.class);
    }
  }
}
