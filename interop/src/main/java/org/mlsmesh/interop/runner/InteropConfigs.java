package org.mlsmesh.interop.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The working group's scenario configs, vendored unmodified under {@code
 * src/main/resources/interop-configs}: {@code {"scripts": {name: [step, ...]}}}.
 */
public final class InteropConfigs {
  /** The vendored configs, in the order they run. */
  public static final List<String> NAMES =
      List.of(
          "welcome_join",
          "external_join",
          "application",
          "commit",
          "reinit",
          "branch",
          "external_proposals",
          "deep_random");

  private static final ObjectMapper JSON = new ObjectMapper();

  private InteropConfigs() {}

  /** Every script of config {@code name}, in file order. */
  public static List<Script> scripts(String name) {
    String resource = "/interop-configs/" + name + ".json";
    try (InputStream in = InteropConfigs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no config " + name + " (" + resource + ")");
      }
      JsonNode scripts = JSON.readTree(in).path("scripts");
      List<Script> out = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = scripts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> script = it.next();
        List<JsonNode> steps = new ArrayList<>();
        script.getValue().forEach(steps::add);
        out.add(new Script(name, script.getKey(), steps));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  /** Every script of every vendored config. */
  public static List<Script> all() {
    List<Script> out = new ArrayList<>();
    NAMES.forEach(name -> out.addAll(scripts(name)));
    return out;
  }
}
