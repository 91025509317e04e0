package org.mlsmesh.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Meta-test of the conformance runner over malformed vectors: the first case of every vendored file
 * with one field at a time removed or replaced by a value of another type, out of range, or of bad
 * hex. Every run must end as passed or as a failure that names what is wrong; none as an
 * "unexpected error" (a raw exception out of the runner or the library).
 */
class MutatedVectorsTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  /** The most fields of one case that are mutated: the first ones, breadth first. */
  private static final int FIELDS = 24;

  private static final Object REMOVED = new Object();

  @TestFactory
  Stream<DynamicTest> noMutationEndsInAnUnexpectedError() {
    return VendoredVectors.fileNames().stream()
        .filter(name -> name.endsWith(".json"))
        .filter(name -> VectorKinds.check(VectorKinds.kindOfFileName(name)).isPresent())
        .map(name -> DynamicTest.dynamicTest(name, () -> checkFile(name)));
  }

  private static void checkFile(String name) throws Exception {
    List<?> cases;
    try (InputStream in = VendoredVectors.open(name)) {
      cases = (List<?>) JSON.readValue(in, Object.class);
    }
    VectorCheck check = VectorKinds.check(VectorKinds.kindOfFileName(name)).orElseThrow();
    Object first = cases.get(0);
    List<String> leaks = new ArrayList<>();
    for (List<Object> path : paths(first)) {
      for (UnaryOperator<Object> mutation : mutations(at(first, path))) {
        Object mutated = replaced(first, path, 0, mutation);
        CaseResult result = ConformanceRunner.runCase(check, mutated, 0);
        Optional<String> failure = result.failure();
        if (failure.isPresent() && failure.get().startsWith("unexpected error")) {
          leaks.add(path + " -> " + failure.get());
        }
      }
    }
    assertThat(leaks).as(name).isEmpty();
  }

  /** Paths to the first {@link #FIELDS} values of {@code root}, breadth first; lists by item 0. */
  private static List<List<Object>> paths(Object root) {
    List<List<Object>> out = new ArrayList<>();
    List<List<Object>> queue = new ArrayList<>(List.of(List.of()));
    while (!queue.isEmpty() && out.size() < FIELDS) {
      List<Object> path = queue.remove(0);
      Object value = at(root, path);
      if (!path.isEmpty()) {
        out.add(path);
      }
      if (value instanceof Map<?, ?> map) {
        for (Object key : map.keySet()) {
          queue.add(append(path, key));
        }
      } else if (value instanceof List<?> list && !list.isEmpty()) {
        queue.add(append(path, 0));
      }
    }
    return out;
  }

  private static List<UnaryOperator<Object>> mutations(Object value) {
    List<UnaryOperator<Object>> out = new ArrayList<>();
    out.add(v -> REMOVED);
    out.add(v -> v instanceof String ? 7 : "zz");
    out.add(v -> v instanceof List ? Map.of("a", 1) : List.of());
    if (value instanceof String s && !s.isEmpty()) {
      out.add(v -> s.substring(0, s.length() - 1));
    }
    if (value instanceof Number) {
      out.add(v -> -1);
      out.add(v -> BigInteger.ONE.shiftLeft(40));
      out.add(v -> BigInteger.ONE.shiftLeft(70));
      out.add(v -> 1.5);
    }
    if (value instanceof List<?> list && !list.isEmpty()) {
      out.add(v -> list.subList(0, list.size() - 1));
      out.add(v -> concat(list, list.get(list.size() - 1)));
    }
    return out;
  }

  private static Object at(Object root, List<Object> path) {
    Object value = root;
    for (Object step : path) {
      value =
          value instanceof Map<?, ?> map ? map.get(step) : ((List<?>) value).get((Integer) step);
    }
    return value;
  }

  /** A copy of {@code value} with the value at {@code path} (from {@code depth}) mutated. */
  private static Object replaced(
      Object value, List<Object> path, int depth, UnaryOperator<Object> mutation) {
    if (depth == path.size()) {
      return mutation.apply(value);
    }
    Object step = path.get(depth);
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(map);
      Object inner = replaced(map.get(step), path, depth + 1, mutation);
      if (inner == REMOVED) {
        copy.remove(step);
      } else {
        copy.put(step, inner);
      }
      return copy;
    }
    List<Object> copy = new ArrayList<>((List<?>) value);
    int index = (Integer) step;
    Object inner = replaced(copy.get(index), path, depth + 1, mutation);
    if (inner == REMOVED) {
      copy.remove(index);
    } else {
      copy.set(index, inner);
    }
    return copy;
  }

  private static List<Object> append(List<Object> path, Object step) {
    List<Object> out = new ArrayList<>(path);
    out.add(step);
    return out;
  }

  private static List<Object> concat(List<?> list, Object last) {
    List<Object> out = new ArrayList<>(list);
    out.add(last);
    return out;
  }
}
