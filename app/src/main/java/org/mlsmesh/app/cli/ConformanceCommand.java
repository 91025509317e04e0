package org.mlsmesh.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mlsmesh.protocol.conformance.CaseResult;
import org.mlsmesh.protocol.conformance.ConformanceRunner;
import org.mlsmesh.protocol.conformance.FileResult;
import org.mlsmesh.protocol.conformance.VectorKinds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlsmesh conformance}: runs official MLS test-vector files against this implementation. */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    description = {
      "Runs official MLS interoperability test-vector files (JSON) and reports, per file, how many"
          + " cases passed, failed and were skipped; the totals are the last line.",
      "A directory means every .json file in it. The kind of each file comes from its name"
          + " (tree-math.json is tree-math) unless --kind is given."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no case failed",
      "1:a case failed",
      "2:a file could not be read, or its kind is unknown"
    })
final class ConformanceCommand implements Callable<Integer> {
  /** Where the vendored vectors are, relative to the project root. */
  static final String VENDORED = "protocol/src/test/resources/test-vectors";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  @Spec CommandSpec spec;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description = "The vector kind of every file given (default: from each file name).")
  String kind;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print one line per case, not only the failures.")
  boolean verbose;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description =
          "Vector files or directories (default: the vendored official vectors, " + VENDORED + ").")
  List<Path> paths = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (kind != null && !VectorKinds.isKnown(kind)) {
      err.println(
          "mlsmesh conformance: unknown kind '"
              + kind
              + "' (--kind); known: "
              + VectorKinds.KNOWN.stream().sorted().toList());
      return ExitCodes.BAD_INPUT;
    }
    List<Path> files = new ArrayList<>();
    boolean badInput = false;
    for (Path path : paths.isEmpty() ? List.of(defaultPath()) : paths) {
      try {
        files.addAll(expand(path));
      } catch (IOException e) {
        err.println("mlsmesh conformance: cannot read " + path + ": " + describe(e));
        badInput = true;
      }
    }
    long passed = 0;
    long failed = 0;
    long skipped = 0;
    for (Path file : files) {
      String fileKind = kind != null ? kind : VectorKinds.kindOfFileName(name(file));
      if (!VectorKinds.isKnown(fileKind)) {
        err.println(
            "mlsmesh conformance: "
                + file
                + ": unknown test-vector kind '"
                + fileKind
                + "' (name the file after its kind, or use --kind)");
        badInput = true;
        continue;
      }
      List<?> cases;
      try {
        cases = readCases(file);
      } catch (IOException e) {
        err.println("mlsmesh conformance: cannot read " + file + ": " + describe(e));
        badInput = true;
        continue;
      }
      FileResult result = ConformanceRunner.run(fileKind, cases);
      out.printf(
          "%s: %s: %d passed, %d failed, %d skipped%n",
          name(file), fileKind, result.passed(), result.failed(), result.skipped());
      for (CaseResult c : result.cases()) {
        if (c.outcome() == CaseResult.Outcome.FAILED) {
          out.printf("  FAIL case %s: %s%n", c.label(), c.failure().orElse(""));
        } else if (verbose) {
          out.printf("  %s case %s%n", c.outcome(), c.label());
        }
      }
      passed += result.passed();
      failed += result.failed();
      skipped += result.skipped();
    }
    out.printf("%d passed, %d failed, %d skipped%n", passed, failed, skipped);
    out.flush();
    if (badInput) {
      return ExitCodes.BAD_INPUT;
    }
    return failed > 0 ? ExitCodes.FAILURE : ExitCodes.SUCCESS;
  }

  private static Path defaultPath() {
    String home = System.getProperty("mlsmesh.home");
    return home != null ? Path.of(home).resolve(VENDORED) : Path.of(VENDORED);
  }

  private static List<Path> expand(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      if (!Files.exists(path)) {
        throw new java.nio.file.NoSuchFileException(path.toString());
      }
      if (!Files.isRegularFile(path)) {
        throw new IOException("not a regular file (give a .json vector file or a directory)");
      }
      return List.of(path);
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries
          .filter(p -> name(p).endsWith(".json") && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
  }

  private static List<?> readCases(Path file) throws IOException {
    Object json = JSON.readValue(file.toFile(), Object.class);
    if (!(json instanceof List<?> cases)) {
      throw new IOException("the top level is not a JSON array of cases");
    }
    return cases;
  }

  private static String describe(IOException e) {
    if (e instanceof JsonProcessingException json) {
      return "invalid JSON at line "
          + (json.getLocation() == null ? "?" : json.getLocation().getLineNr())
          + ": "
          + json.getOriginalMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    return e.getMessage();
  }

  private static String name(Path path) {
    Path fileName = path.getFileName();
    return fileName == null ? path.toString() : fileName.toString();
  }
}
