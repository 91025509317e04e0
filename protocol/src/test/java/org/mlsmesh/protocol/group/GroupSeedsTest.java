package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.framing.MlsMessage;

/**
 * The seeds of {@link GroupFuzzTest} are what {@link FuzzGroup} sends today, and it accepts them.
 */
class GroupSeedsTest {
  private static List<Path> seeds(String target) throws Exception {
    try (Stream<Path> files = Files.list(inputs().resolve(target))) {
      return files.filter(f -> !f.getFileName().toString().startsWith("crash-")).sorted().toList();
    }
  }

  private static Path inputs() throws URISyntaxException {
    return Path.of(GroupSeedsTest.class.getResource("GroupFuzzTestInputs").toURI());
  }

  @Test
  void commitSeedsAreStagedAndMerged() throws Exception {
    assertThat(seeds("commit")).hasSize(FuzzGroup.get().commits.size());
    for (Path seed : seeds("commit")) {
      MlsMessage message = FuzzGroup.decode(Files.readAllBytes(seed));
      assertThat(FuzzGroup.get().commits).as(seed.toString()).contains(message);
      FuzzGroup.get().receive(message);
    }
  }

  @Test
  void applicationSeedIsDecrypted() throws Exception {
    for (Path seed : seeds("application")) {
      MlsMessage message = FuzzGroup.decode(Files.readAllBytes(seed));
      assertThat(message).isEqualTo(FuzzGroup.get().application);
      GroupState state = FuzzGroup.get().receiver.copy();
      assertThat(state.process(message, FuzzGroup.NOW)).isInstanceOf(Processed.Application.class);
      state.destroy();
    }
  }

  @Test
  void welcomeSeedJoinsTwice() throws Exception {
    for (Path seed : seeds("welcome")) {
      MlsMessage message = FuzzGroup.decode(Files.readAllBytes(seed));
      assertThat(message).isEqualTo(FuzzGroup.get().welcome);
      FuzzGroup.get().join(message);
      FuzzGroup.get().join(message);
    }
  }
}
