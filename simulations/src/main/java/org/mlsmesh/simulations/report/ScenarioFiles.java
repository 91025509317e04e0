package org.mlsmesh.simulations.report;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.mlsmesh.config.ConfigException;
import org.mlsmesh.config.HoconInput;

/**
 * Reads scenario files (HOCON): a path on disk or a scenario bundled with the simulator. Checks the
 * keys every file has: {@code kind} and {@code name} (required), {@code seed} (default 1) and
 * {@code description}. Every error names the file, the key, the value and the reason.
 */
public final class ScenarioFiles {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  private ScenarioFiles() {}

  /** Reads the scenario file at {@code path}. */
  public static ScenarioFile load(Path path) throws ScenarioException {
    String source = path.toString();
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new ScenarioException(source + ": not a regular file (a scenario file is expected)");
    }
    if (!Files.isRegularFile(path)) {
      throw new ScenarioException(source + ": no such scenario file");
    }
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return parse(source, reader);
    } catch (IOException e) {
      throw new ScenarioException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Reads the bundled scenario {@code name} (see {@link BundledScenarios#names()}). */
  public static ScenarioFile loadBundled(String name) throws ScenarioException {
    try (InputStream in = BundledScenarios.open(name)) {
      return parse("bundled scenario " + name, new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ScenarioException("bundled scenario " + name + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * Parses HOCON text read from {@code reader} within the limits of {@link HoconInput}; {@code
   * source} names it in errors.
   */
  public static ScenarioFile parse(String source, Reader reader) throws ScenarioException {
    Config config;
    try {
      config = HoconInput.resolve(source, HoconInput.parseReader(source, reader));
    } catch (ConfigException e) {
      throw new ScenarioException(e.key() + ": not a valid HOCON scenario file: " + e.reason(), e);
    }
    try {
      ScenarioKeys keys = new ScenarioKeys(config);
      String kind = keys.string("kind");
      String name = keys.string("name");
      if (!NAME.matcher(name).matches()) {
        throw keys.bad(
            "name",
            "must be 1 to 100 letters, digits, '.', '_' or '-' (it names the output folder)");
      }
      long seed = keys.longValue("seed", 1);
      String description = keys.has("description") ? keys.string("description") : "";
      return new ScenarioFile(source, name, kind, seed, description, config);
    } catch (ScenarioException e) {
      throw new ScenarioException(source + ": " + e.getMessage(), e);
    }
  }
}
