package org.mlsmesh.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The messages and deserialization checks notice a changed vector and name the field. */
class MessagesCheckTest {
  private static Map<String, Object> firstCase(String fileName) {
    Map<String, Object> copy = new LinkedHashMap<>();
    ((Map<?, ?>) OfficialVectorsTest.load(fileName).get(0))
        .forEach((key, value) -> copy.put((String) key, value));
    return copy;
  }

  @Test
  void passesAnUnchangedCase() {
    assertThatCode(() -> new MessagesCheck().check(new VectorCase(firstCase("messages.json"), "c")))
        .doesNotThrowAnyException();
  }

  @Test
  void trailingByteInAFieldIsAMismatchNamingIt() {
    Map<String, Object> changed = firstCase("messages.json");
    changed.put("commit", changed.get("commit") + "00");
    assertThatThrownBy(() -> new MessagesCheck().check(new VectorCase(changed, "c")))
        .isInstanceOf(VectorMismatch.class)
        .hasMessageContaining("commit");
  }

  @Test
  void wrongWireFormatIsAMismatch() {
    Map<String, Object> changed = firstCase("messages.json");
    changed.put("mls_welcome", changed.get("mls_key_package"));
    assertThatThrownBy(() -> new MessagesCheck().check(new VectorCase(changed, "c")))
        .isInstanceOf(VectorMismatch.class)
        .hasMessageContaining("mls_welcome wire format");
  }

  @Test
  void deserializationComparesTheLength() {
    Map<String, Object> changed = firstCase("deserialization.json");
    changed.put("length", 1);
    assertThatThrownBy(() -> new DeserializationCheck().check(new VectorCase(changed, "c")))
        .isInstanceOf(VectorMismatch.class)
        .hasMessageContaining("length");
  }
}
