package org.mlsmesh.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@code demo.json}: the verdict, the summary and every recorded event. */
public final class DemoJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DemoJson() {}

  public static void write(Path file, DemoSummary summary, List<DemoEvent> events)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("ok", summary.ok());
    root.put("summary", summary);
    root.put("events", events);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), root);
  }
}
