package org.mlsmesh.simulations.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The scenario files shipped with the simulator ({@code simulations/scenarios/*.conf}, copied onto
 * the classpath under {@value #FOLDER}), found by name.
 */
public final class BundledScenarios {
  /** Where the build puts the scenario files on the classpath. */
  public static final String FOLDER = "org/mlsmesh/simulations/scenarios/";

  private static final String SUFFIX = ".conf";

  private BundledScenarios() {}

  /** The names of the bundled scenarios (file names without {@code .conf}), sorted. */
  public static List<String> names() throws ScenarioException {
    CodeSource code = BundledScenarios.class.getProtectionDomain().getCodeSource();
    if (code == null) {
      throw new ScenarioException("cannot locate the bundled scenarios: no code source");
    }
    List<String> names = new ArrayList<>();
    try {
      Path location = Path.of(code.getLocation().toURI());
      if (Files.isDirectory(location)) {
        Path folder = location.resolve(FOLDER);
        if (Files.isDirectory(folder)) {
          try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString()).forEach(f -> addIfScenario(f, names));
          }
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String entry = e.nextElement().getName();
            if (entry.startsWith(FOLDER)) {
              addIfScenario(entry.substring(FOLDER.length()), names);
            }
          }
        }
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      throw new ScenarioException("cannot list the bundled scenarios: " + e.getMessage(), e);
    }
    names.sort(null);
    return List.copyOf(names);
  }

  private static void addIfScenario(String fileName, List<String> names) {
    if (fileName.endsWith(SUFFIX) && fileName.indexOf('/') < 0) {
      names.add(fileName.substring(0, fileName.length() - SUFFIX.length()));
    }
  }

  /** Whether a scenario of that name is bundled. */
  public static boolean exists(String name) {
    return isPlainName(name)
        && BundledScenarios.class.getClassLoader().getResource(FOLDER + name + SUFFIX) != null;
  }

  static InputStream open(String name) throws ScenarioException {
    InputStream in =
        isPlainName(name)
            ? BundledScenarios.class.getClassLoader().getResourceAsStream(FOLDER + name + SUFFIX)
            : null;
    if (in == null) {
      throw new ScenarioException(
          "no bundled scenario named '" + name + "' (mlsmesh simulate --list shows them)");
    }
    return in;
  }

  private static boolean isPlainName(String name) {
    return !name.isEmpty()
        && name.chars()
            .allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')
        && !name.startsWith(".");
  }
}
