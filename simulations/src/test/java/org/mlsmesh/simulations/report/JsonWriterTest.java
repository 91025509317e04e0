package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void nestedValuesRoundTripThroughAParser() throws Exception {
    String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 line sep \u2028 é";
    String text =
        new JsonWriter()
            .beginObject()
            .name("s")
            .value(nasty)
            .name("n")
            .value(-42)
            .name("d")
            .value(0.125)
            .name("whole")
            .value(3.0)
            .name("tiny")
            .value(1e-9)
            .name("nan")
            .value(Double.NaN)
            .name("inf")
            .value(Double.POSITIVE_INFINITY)
            .name("b")
            .value(true)
            .name("a")
            .beginArray()
            .value(1)
            .beginObject()
            .endObject()
            .beginArray()
            .endArray()
            .endArray()
            .endObject()
            .toJson();
    JsonNode node = JSON.readTree(text);
    assertThat(node.get("s").asText()).isEqualTo(nasty);
    assertThat(node.get("n").asLong()).isEqualTo(-42);
    assertThat(node.get("d").asDouble()).isEqualTo(0.125);
    assertThat(node.get("whole").isIntegralNumber()).isTrue();
    assertThat(node.get("tiny").asDouble()).isEqualTo(1e-9);
    assertThat(node.get("nan").isNull()).isTrue();
    assertThat(node.get("inf").isNull()).isTrue();
    assertThat(node.get("b").asBoolean()).isTrue();
    assertThat(node.get("a")).hasSize(3);
    assertThat(text).contains("\n  \"n\": -42,").endsWith("}\n");
  }

  @Test
  void anUnclosedContainerIsABug() {
    assertThatThrownBy(() -> new JsonWriter().beginObject().toJson())
        .isInstanceOf(IllegalStateException.class);
  }
}
