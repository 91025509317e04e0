package org.mlsmesh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mlsmesh.config.ConfigException;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.identity.IdentityFileException;
import org.mlsmesh.node.storage.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlsmesh node run}: starts a node and runs it until SIGINT or SIGTERM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a node: reads its identity (mlsmesh keygen), opens its storage, links up with the"
          + " seeds over TLS, publishes its KeyPackages in the directory, and runs until SIGINT or"
          + " SIGTERM, then stops cleanly.",
      "Settings: mlsmesh.node and mlsmesh.gossip in the HOCON file, over reference.conf.",
      "Unless mlsmesh.node.control.enabled = false, it serves the control API (gRPC) and metrics,"
          + " health and a status page (HTTP) on loopback, behind a bearer token written to"
          + " mlsmesh.node.control.token-file at every start."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by a signal",
      "1:the node failed",
      "2:a bad configuration, identity file or storage file"
    })
final class NodeRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "The node's HOCON configuration file.")
  Path config;

  @Mixin LogOption log;

  @Override
  public Integer call() throws Exception {
    log.apply(LogOption.LogLevel.WARN);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunningNode running;
    try {
      MlsMeshConfig settings = ConfigLoader.load(config);
      running = RunningNode.start(settings);
    } catch (ConfigException | IdentityFileException | StorageException | IOException e) {
      err.println("mlsmesh node run: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    MlsNode node = running.node();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean signalled = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (signalled.compareAndSet(false, true)) {
            running.close();
            stopped.countDown();
          }
        };
    // A signal stops the node and the command returns 0; the hook covers any other JVM exit.
    Thread hook = new Thread(stop, "mlsmesh-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    StopSignals.onStop(stop);
    out.println("node " + node.identity().toHex() + " listening on " + node.address());
    running.controlLines().forEach(out::println);
    out.flush();
    node.whenStopped().toCompletableFuture().join();
    if (signalled.get()) {
      stopped.await();
      removeHook(hook);
      return ExitCodes.SUCCESS;
    }
    removeHook(hook);
    running.close();
    err.println("mlsmesh node run: the node's actors stopped unexpectedly");
    return ExitCodes.FAILURE;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already: the hook has run
    }
  }
}
