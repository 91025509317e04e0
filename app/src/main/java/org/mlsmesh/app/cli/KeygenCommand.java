package org.mlsmesh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlsmesh keygen}: creates the node's long-term identity. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Creates the node's long-term identity: an Ed25519 key for its gossip links (its peer id is"
          + " the SHA-256 of the public key) and the MLS signature key of the chosen cipher suite.",
      "Writes it readable by its owner only and prints the peer id (hex)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the identity was written",
      "1:the file could not be written",
      "2:bad usage, an unknown suite, a path that cannot hold the file, or the file exists (without"
          + " --force)"
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the identity (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("identity.key");

  @Option(
      names = "--suite",
      paramLabel = "N",
      description =
          "MLS cipher suite of the signature key, 1 to 7 (RFC 9420 §17.1; default:"
              + " ${DEFAULT-VALUE}).")
  int suite = 1;

  @Option(names = "--force", description = "Replace an existing identity file.")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Optional<CipherSuite> cipherSuite = CipherSuite.fromId(suite);
    if (cipherSuite.isEmpty()) {
      err.println("mlsmesh keygen: unknown cipher suite " + suite + " (--suite); known: 1 to 7");
      return ExitCodes.BAD_INPUT;
    }
    Optional<String> problem = FileLocation.problem(out);
    if (problem.isPresent()) {
      err.println("mlsmesh keygen: cannot write " + out + " (--out): " + problem.get());
      return ExitCodes.BAD_INPUT;
    }
    NodeKeys keys = NodeKeys.generate(cipherSuite.get(), new SecureEntropySource());
    try {
      IdentityFile.write(out, keys, force);
    } catch (FileAlreadyExistsException e) {
      err.println("mlsmesh keygen: " + out + " exists; use --force to replace it");
      return ExitCodes.BAD_INPUT;
    } catch (IOException e) {
      err.println("mlsmesh keygen: cannot write " + out + ": " + e);
      return ExitCodes.FAILURE;
    } finally {
      keys.destroy();
    }
    spec.commandLine().getOut().println(HexFormat.of().formatHex(keys.peerId().toByteArray()));
    return ExitCodes.SUCCESS;
  }
}
