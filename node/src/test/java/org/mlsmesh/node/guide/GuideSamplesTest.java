package org.mlsmesh.node.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The guides cannot drift from code that compiles and runs: every {@code ```java NAME} block of
 * {@code docs/library.md} and {@code docs/embedding.md} must equal the region {@code //
 * tag::NAME[]} ... {@code // end::NAME[]} of the code that runs the guide's samples ({@code
 * LibraryGuideTest} and {@code LibrarySample} in protocol, {@link EmbeddingGuideTest} and {@link
 * EmbeddingSample} here), both with their common indentation removed, and every region must be
 * shown. It lives in node, the module that sees the whole repository.
 */
class GuideSamplesTest {
  private static final Pattern FENCE = Pattern.compile("^```java(?:\\s+(\\S+))?\\s*$");
  private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// end::([\\w-]+)\\[]\\s*$");

  /** The repository root: the nearest folder up from here with {@code docs/} and a pom.xml. */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no folder with docs/ and pom.xml above " + Path.of("").toAbsolutePath());
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /** The ```java blocks of a Markdown file, by the tag named after the language. */
  static Map<String, List<String>> javaBlocks(List<String> markdown) {
    Map<String, List<String>> blocks = new LinkedHashMap<>();
    for (int i = 0; i < markdown.size(); i++) {
      Matcher fence = FENCE.matcher(markdown.get(i));
      if (!fence.matches()) {
        continue;
      }
      int start = i + 1;
      if (fence.group(1) == null) {
        fail("line %d: a ```java block must name its sample: ```java NAME", start);
      }
      List<String> body = new ArrayList<>();
      for (i = start; i < markdown.size() && !markdown.get(i).startsWith("```"); i++) {
        body.add(markdown.get(i));
      }
      if (i == markdown.size()) {
        fail("line %d: the ```java block is not closed", start);
      }
      if (blocks.put(fence.group(1), normalized(body)) != null) {
        fail("line %d: sample %s is shown twice", start, fence.group(1));
      }
    }
    return blocks;
  }

  /** The tagged regions of a source file, by tag. */
  static Map<String, List<String>> taggedRegions(List<String> source) {
    Map<String, List<String>> regions = new LinkedHashMap<>();
    for (int i = 0; i < source.size(); i++) {
      Matcher tag = TAG.matcher(source.get(i));
      if (!tag.matches()) {
        continue;
      }
      String name = tag.group(1);
      List<String> body = new ArrayList<>();
      int start = i + 1;
      for (i = start; i < source.size(); i++) {
        Matcher end = END.matcher(source.get(i));
        if (end.matches()) {
          if (!end.group(1).equals(name)) {
            fail("line %d: end::%s[] inside tag::%s[]", i + 1, end.group(1), name);
          }
          break;
        }
        body.add(source.get(i));
      }
      if (i == source.size()) {
        fail("line %d: tag::%s[] has no end::%s[]", start, name, name);
      }
      if (regions.put(name, normalized(body)) != null) {
        fail("line %d: tag %s appears twice", start, name);
      }
    }
    return regions;
  }

  /** Without leading and trailing blank lines, common indentation and trailing spaces. */
  static List<String> normalized(List<String> lines) {
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isBlank()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isBlank()) {
      to--;
    }
    List<String> kept = lines.subList(from, to);
    int indent = Integer.MAX_VALUE;
    for (String line : kept) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String line : kept) {
      out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "docs/library.md, protocol/src/test/java/org/mlsmesh/protocol/guide/LibraryGuideTest.java"
        + " protocol/src/test/java/org/mlsmesh/protocol/guide/LibrarySample.java",
    "docs/embedding.md, node/src/test/java/org/mlsmesh/node/guide/EmbeddingGuideTest.java"
        + " node/src/test/java/org/mlsmesh/node/guide/EmbeddingSample.java"
  })
  void everySampleOfTheGuideIsTheCodeThatRuns(String guide, String samples) throws IOException {
    Path root = repositoryRoot();
    Map<String, List<String>> blocks = javaBlocks(lines(root.resolve(guide)));
    Map<String, List<String>> regions = new LinkedHashMap<>();
    for (String file : samples.split(" ")) {
      for (var region : taggedRegions(lines(root.resolve(file))).entrySet()) {
        if (regions.put(region.getKey(), region.getValue()) != null) {
          fail("tag %s appears in two of %s", region.getKey(), samples);
        }
      }
    }
    assertThat(blocks).as("samples in %s", guide).isNotEmpty();
    for (var block : blocks.entrySet()) {
      if (!regions.containsKey(block.getKey())) {
        fail("%s shows sample %s, which %s has no tag for", guide, block.getKey(), samples);
      }
      assertThat(String.join("\n", block.getValue()))
          .as("sample %s of %s", block.getKey(), guide)
          .isEqualTo(String.join("\n", regions.get(block.getKey())));
    }
    assertThat(blocks.keySet())
        .as("the tagged regions of %s that %s shows", samples, guide)
        .containsExactlyInAnyOrderElementsOf(regions.keySet());
  }

  @Test
  void aChangedSampleIsNoticed() {
    Map<String, List<String>> regions =
        taggedRegions(List.of("  // tag::x[]", "    int a = 1;", "  // end::x[]"));
    Map<String, List<String>> same = javaBlocks(List.of("```java x", "int a = 1;", "```"));
    Map<String, List<String>> changed = javaBlocks(List.of("```java x", "int a = 2;", "```"));
    assertThat(same).isEqualTo(regions);
    assertThat(changed).isNotEqualTo(regions);
  }
}
