package org.mlsmesh.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * The protocol library is a deterministic state machine: no actors, sockets, threads, clocks or
 * randomness other than the injected {@code EntropySource}.
 */
class ArchitectureTest {
  private static JavaClasses protocol;

  @BeforeAll
  static void importClasses() {
    protocol =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mlsmesh.protocol");
  }

  @Test
  void noActorsOrNetworking() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.pekko..", "io.netty..", "java.net..", "java.nio.channels..")
        .check(protocol);
  }

  @Test
  void noThreads() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAssignableTo(Thread.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("java.util.concurrent..")
        .check(protocol);
  }

  @Test
  void noClockReads() {
    noClasses()
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(ZonedDateTime.class, "now")
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(Clock.class)
        .check(protocol);
  }

  @Test
  void secureRandomOnlyInTheOneProvider() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(SecureEntropySource.class.getName())
        .should()
        .dependOnClassesThat()
        .areAssignableTo(SecureRandom.class)
        .check(protocol);
  }

  @Test
  void noUnseededRandomness() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ThreadLocalRandom.class)
        .orShould()
        .callConstructor(Random.class)
        .orShould()
        .callMethod(Math.class, "random")
        .check(protocol);
  }
}
