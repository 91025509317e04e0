package org.mlsmesh.app.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.mlsmesh.interop.client.InteropClientServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlsmesh interop-client}: serves the MLS working group's interop client over gRPC. */
@Command(
    name = "interop-client",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the MLS working group's interop client (gRPC service MLSClient of mls_client.proto)"
          + " over this implementation, for the working group's test runner or `mlsmesh interop`.",
      "Runs until interrupted."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped", "1:the server failed", "2:bad usage, or the port is taken"})
final class InteropClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "TCP port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 50051;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      spec.commandLine()
          .getErr()
          .println("mlsmesh interop-client: --port " + port + " is not a port");
      return ExitCodes.BAD_INPUT;
    }
    InteropClientServer server;
    try {
      server = InteropClientServer.start(host, port);
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "mlsmesh interop-client: cannot listen on "
                  + host
                  + ":"
                  + port
                  + ": "
                  + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    spec.commandLine()
        .getOut()
        .println("MLS Mesh interop client listening on " + host + ":" + server.port());
    spec.commandLine().getOut().flush();
    server.awaitTermination();
    return ExitCodes.SUCCESS;
  }
}
