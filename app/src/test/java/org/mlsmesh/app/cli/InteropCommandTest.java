package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.app.cli.ConformanceCommandTest.run;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.mlsmesh.app.cli.ConformanceCommandTest.Run;

class InteropCommandTest {
  @Test
  void playsAScriptBetweenTwoMlsMeshClients() {
    Run run = run("interop", "--script", "application/in_order", "--suite", "1");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.lines()).hasSize(2);
    assertThat(run.lines().get(0))
        .startsWith("passed")
        .contains("application/in_order")
        .contains("MLS Mesh (a) <-> MLS Mesh (b)")
        .contains("0x0001");
    assertThat(run.lines().get(1)).isEqualTo("1 passed, 0 failed, 0 skipped");
  }

  @Test
  void unknownConfigOrScriptIsBadInput() {
    Run config = run("interop", "--config", "nope");
    assertThat(config.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(config.err()).contains("unknown config 'nope'").contains("welcome_join");
    Run script = run("interop", "--script", "commit/nope");
    assertThat(script.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(script.err()).contains("no script matches");
  }

  @Test
  void aPeerThatIsNoneOfTheKindsIsBadInput() {
    Run run = run("interop", "--peer", "nonsense", "--script", "application/in_order");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("none of mlsmesh, ts-mls, ts-mls+uncompressed-keys, HOST:PORT");
  }

  @Test
  void clientOnATakenPortIsBadInput() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run = run("interop-client", "--port", Integer.toString(taken.getLocalPort()));
      assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(run("interop-client", "--port", "70000").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }
}
