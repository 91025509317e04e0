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

/**
 * {@code docs/embedding.md} cannot drift from code that compiles and runs: every {@code ```java
 * NAME} block must equal the region {@code // tag::NAME[]} ... {@code // end::NAME[]} of {@link
 * EmbeddingGuideTest} (common indentation removed), and every region must be shown. The technique
 * of the protocol module's {@code LibraryGuideSamplesTest}.
 */
class EmbeddingGuideSamplesTest {
  private static final Pattern FENCE = Pattern.compile("^```java(?:\\s+(\\S+))?\\s*$");
  private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// end::([\\w-]+)\\[]\\s*$");

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no folder with docs/ and pom.xml above the working folder");
  }

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

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void everySampleOfTheGuideIsTheCodeThatRuns() throws IOException {
    Path root = repositoryRoot();
    Map<String, List<String>> blocks = javaBlocks(lines(root.resolve("docs/embedding.md")));
    Map<String, List<String>> regions =
        taggedRegions(
            lines(
                root.resolve("node/src/test/java/org/mlsmesh/node/guide/EmbeddingGuideTest.java")));
    assertThat(blocks).as("samples in docs/embedding.md").isNotEmpty();
    for (var block : blocks.entrySet()) {
      assertThat(regions).as("tag for sample " + block.getKey()).containsKey(block.getKey());
      assertThat(String.join("\n", block.getValue()))
          .as("sample %s of docs/embedding.md", block.getKey())
          .isEqualTo(String.join("\n", regions.get(block.getKey())));
    }
    assertThat(blocks.keySet()).containsExactlyInAnyOrderElementsOf(regions.keySet());
  }

  @Test
  void aChangedSampleIsNoticed() {
    Map<String, List<String>> regions =
        taggedRegions(List.of("  // tag::x[]", "    int a = 1;", "  // end::x[]"));
    assertThat(javaBlocks(List.of("```java x", "int a = 1;", "```"))).isEqualTo(regions);
    assertThat(javaBlocks(List.of("```java x", "int a = 2;", "```"))).isNotEqualTo(regions);
  }
}
