package org.mlsmesh.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mlsmesh.protocol.conformance.CaseResult;
import org.mlsmesh.protocol.conformance.ConformanceRunner;
import org.mlsmesh.protocol.conformance.CryptoBasicsCheck;
import org.mlsmesh.protocol.conformance.FileResult;

/** The crypto-basics check passes the official vectors and notices a change to any field. */
class CryptoBasicsVectorsTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  static List<?> cases() throws IOException {
    try (InputStream in =
        CryptoBasicsVectorsTest.class.getResourceAsStream("/test-vectors/crypto-basics.json")) {
      assertThat(in).as("crypto-basics.json").isNotNull();
      return JSON.readValue(in, List.class);
    }
  }

  @Test
  void everySuitePasses() throws IOException {
    FileResult result = ConformanceRunner.run("crypto-basics", cases());
    assertThat(result.cases()).allSatisfy(c -> assertThat(c.failure()).as(c.label()).isEmpty());
    assertThat(result.passed()).isEqualTo(7);
    assertThat(result.failed()).isZero();
  }

  /** Flips the last hex digit of each field in turn; the check must fail and name the section. */
  @TestFactory
  Stream<DynamicTest> aChangedFieldIsReported() throws IOException {
    Map<?, ?> first = (Map<?, ?>) cases().get(0);
    List<DynamicTest> tests = new ArrayList<>();
    for (Object section : first.keySet()) {
      if (!(first.get(section) instanceof Map<?, ?> fields)) {
        continue;
      }
      for (Object field : fields.keySet()) {
        if (!(fields.get(field) instanceof String hex) || hex.isEmpty() || isLabel(field)) {
          continue;
        }
        tests.add(
            DynamicTest.dynamicTest(
                section + "." + field,
                () -> {
                  Map<Object, Object> changed = deepCopy(first);
                  @SuppressWarnings("unchecked")
                  Map<Object, Object> sectionCopy = (Map<Object, Object>) changed.get(section);
                  sectionCopy.put(field, flipLastDigit(hex));
                  CaseResult result =
                      ConformanceRunner.runCase(new CryptoBasicsCheck(), changed, 0);
                  assertThat(result.outcome()).isEqualTo(CaseResult.Outcome.FAILED);
                  assertThat(result.failure()).get().asString().contains(section.toString());
                }));
      }
    }
    return tests.stream();
  }

  private static boolean isLabel(Object field) {
    return field.equals("label");
  }

  private static String flipLastDigit(String hex) {
    char c = hex.charAt(hex.length() - 1);
    char flipped = c == '0' ? '1' : '0';
    return hex.substring(0, hex.length() - 1) + flipped;
  }

  private static Map<Object, Object> deepCopy(Map<?, ?> map) {
    Map<Object, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      copy.put(
          e.getKey(), e.getValue() instanceof Map<?, ?> inner ? deepCopy(inner) : e.getValue());
    }
    return copy;
  }
}
