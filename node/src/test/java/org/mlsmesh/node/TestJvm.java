package org.mlsmesh.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a small JVM on the tests' class path, for tests that need a real process. */
public final class TestJvm {
  private TestJvm() {}

  /** {@code java ... main args}: 256 MB heap, serial GC, quick start. */
  public static List<String> command(Class<?> main, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    command.addAll(List.of(args));
    return command;
  }
}
