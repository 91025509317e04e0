package org.mlsmesh.consensus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fork choice is a deterministic state machine (DESIGN.md, "sans-I/O cores"): no actors,
 * networking, I/O, threads, clocks or randomness, and no output that depends on hash iteration
 * order.
 */
class ArchitectureTest {
  private static JavaClasses consensus;

  @BeforeAll
  static void importClasses() {
    consensus =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mlsmesh.consensus");
  }

  @Test
  void noActorsNetworkingOrIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.pekko..",
            "io.netty..",
            "java.net..",
            "java.nio.channels..",
            "java.nio.file..",
            "java.io..",
            "java.sql..")
        .check(consensus);
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
        .check(consensus);
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
        .check(consensus);
  }

  @Test
  void noRandomness() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAssignableTo(java.util.Random.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("java.util.random..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.SplittableRandom")
        .orShould()
        .callMethod(Math.class, "random")
        .orShould()
        .callMethod(UUID.class, "randomUUID")
        .orShould()
        .callMethod(java.util.Collections.class, "shuffle", java.util.List.class)
        .check(consensus);
  }

  @Test
  void noHashIterationOrder() {
    DescribedPredicate<JavaMethodCall> unorderedFactory =
        new DescribedPredicate<>("Set/Map factories, whose iteration order varies per run") {
          @Override
          public boolean test(JavaMethodCall call) {
            String owner = call.getTargetOwner().getFullName();
            return (owner.equals(Set.class.getName()) || owner.equals("java.util.Map"))
                && Set.of("of", "copyOf", "ofEntries").contains(call.getName());
          }
        };
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.HashMap")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.HashSet")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Hashtable")
        .orShould()
        .callMethodWhere(unorderedFactory)
        .check(consensus);
  }
}
