package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.app.cli.ConformanceCommandTest.Run;

class NodeRunCommandTest {
  @Test
  void aWrongTypeInTheConfigStopsTheStartWithKeyAndValue(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("node.conf");
    Files.writeString(conf, "mlsmesh.node.listen.port = \"eighty\"\n");
    Run run = ConformanceCommandTest.run("node", "run", "--config", conf.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("mlsmesh.node.listen.port").contains("\"eighty\"");
  }

  @Test
  void aMissingIdentityFileIsBadInputAndSaysHowToMakeOne(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("node.conf");
    Files.writeString(conf, "mlsmesh.node { listen.port = 0, storage.engine = memory }\n");
    Run run = ConformanceCommandTest.run("node", "run", "--config", conf.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("identity.key").contains("mlsmesh keygen");
  }

  @Test
  void helpNamesTheConfigOption() {
    Run run = ConformanceCommandTest.run("node", "run", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--config");
  }
}
