package org.mlsmesh.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case of every vendored official vector file, as one dynamic test each. */
class OfficialVectorsTest {
  /** The kinds this implementation must pass; a missing file or check for one fails the build. */
  static final Set<String> REQUIRED =
      Set.of(
          "tree-math",
          "crypto-basics",
          "secret-tree",
          "message-protection",
          "key-schedule",
          "psk_secret",
          "transcript-hashes",
          "messages",
          "deserialization",
          "tree-operations",
          "tree-validation",
          "treekem",
          "welcome",
          "passive-client-welcome",
          "passive-client-handling-commit",
          "passive-client-random");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  static List<?> load(String fileName) {
    try (InputStream in = VendoredVectors.open(fileName)) {
      return JSON.readValue(in, List.class);
    } catch (IOException e) {
      throw new UncheckedIOException(fileName, e);
    }
  }

  @TestFactory
  Stream<DynamicContainer> officialVectors() {
    List<DynamicContainer> files = new ArrayList<>();
    for (String fileName : VendoredVectors.fileNames()) {
      String kind = VectorKinds.kindOfFileName(fileName);
      List<?> cases = load(fileName);
      List<DynamicTest> tests = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        Object json = cases.get(i);
        int index = i;
        tests.add(
            DynamicTest.dynamicTest(
                ConformanceRunner.label(json, i),
                () -> {
                  var check = VectorKinds.check(kind);
                  if (check.isEmpty()) {
                    assertThat(REQUIRED)
                        .as("a check for required kind " + kind)
                        .doesNotContain(kind);
                    Assumptions.abort("no check for " + kind + " yet");
                  }
                  CaseResult result = ConformanceRunner.runCase(check.get(), json, index);
                  assertThat(result.failure()).as(fileName + " " + result.label()).isEmpty();
                  assertThat(result.outcome()).isEqualTo(CaseResult.Outcome.PASSED);
                }));
      }
      files.add(DynamicContainer.dynamicContainer(fileName, tests));
    }
    return files.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyRequiredKindHasItsFile() {
    return REQUIRED.stream()
        .sorted()
        .map(
            kind ->
                DynamicTest.dynamicTest(
                    kind, () -> assertThat(VendoredVectors.fileNames()).contains(kind + ".json")));
  }
}
