package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits every HOCON input is held to before the parser sees it. */
class HoconInputTest {
  @TempDir Path dir;

  @Test
  void twentyThousandNestedObjectsAreRefusedWithTheLine() {
    String deep = "a { ".repeat(20_000) + "}".repeat(20_000);
    assertThatThrownBy(() -> HoconInput.parseText("deep.conf", "x = 1\n" + deep))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("deep.conf:2: ")
        .hasMessageContaining("nested deeper than 64 levels");
  }

  @Test
  void deepListsAndDottedKeysAreRefusedToo() {
    assertThatThrownBy(() -> HoconInput.parseText("l", "a = " + "[".repeat(5_000)))
        .hasMessageContaining("nested deeper than 64");
    assertThatThrownBy(() -> HoconInput.parseText("k", "a" + ".a".repeat(20_000) + " = 1"))
        .hasMessageContaining("nested deeper than 64");
  }

  @Test
  void bracesInStringsAndCommentsDoNotCount() {
    String text =
        "a = \""
            + "{".repeat(100)
            + "\"\n# "
            + "{".repeat(100)
            + "\nb = \"\"\""
            + "[".repeat(100)
            + "\"\"\"\nc { d { e = 1.5 } }\n";
    assertThat(HoconInput.parseText("ok", text).getDouble("c.d.e")).isEqualTo(1.5);
  }

  @Test
  void sixtyFourLevelsAreAccepted() {
    String text = "a { ".repeat(63) + "b = 1 " + "}".repeat(63);
    assertThat(HoconInput.parseText("ok", text).hasPath("a" + ".a".repeat(62) + ".b")).isTrue();
  }

  @Test
  void aFileLargerThanTheLimitIsNotRead() throws Exception {
    Path big =
        Files.writeString(
            dir.resolve("big.conf"), "a = \"" + "x".repeat(HoconInput.MAX_BYTES) + "\"");
    assertThatThrownBy(() -> HoconInput.parseFile(big))
        .hasMessage(big + ": larger than " + HoconInput.MAX_BYTES + " bytes; not parsed");
    assertThatThrownBy(
            () -> HoconInput.parseReader("stream", new StringReader(Files.readString(big))))
        .hasMessageStartingWith("stream: larger than");
  }

  @Test
  void substitutionsAreBounded() {
    StringBuilder text = new StringBuilder("a0 = [1, 1]\n");
    for (int i = 1; i <= 9; i++) {
      text.append("a").append(i).append(" = ${a").append(i - 1).append("} ${a").append(i - 1);
      text.append("}\n");
    }
    assertThatThrownBy(() -> HoconInput.parseText("laughs.conf", text.toString()))
        .hasMessageStartingWith("laughs.conf:10: ")
        .hasMessageContaining("more than 16 substitutions");
  }

  @Test
  void includeIsRefused() throws Exception {
    Files.writeString(dir.resolve("other.conf"), "a = 1");
    Path conf = Files.writeString(dir.resolve("main.conf"), "include \"other.conf\"\n");
    assertThatThrownBy(() -> HoconInput.parseFile(conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("include \"other.conf\" is not supported");
  }

  @Test
  void notUtf8AndNotAFileAreSaidSo() throws Exception {
    Path latin = Files.write(dir.resolve("latin.conf"), new byte[] {'a', '=', (byte) 0xe9});
    assertThatThrownBy(() -> HoconInput.parseFile(latin)).hasMessage(latin + ": not UTF-8 text");
    assertThatThrownBy(() -> HoconInput.parseFile(dir)).hasMessage(dir + ": not a regular file");
  }

  @Test
  void aSyntaxErrorNamesTheSourceInOneShortLine() {
    assertThatThrownBy(() -> HoconInput.parseText("bad.conf", "a = {" + "x".repeat(10_000)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("bad.conf: ")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
  }
}
