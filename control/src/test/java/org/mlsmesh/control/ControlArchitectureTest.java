package org.mlsmesh.control;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The control listener drives its node through the embedding API only, like any application, and is
 * a library: no command line, no logging backend, nothing printed.
 */
class ControlArchitectureTest {
  private static final JavaClasses CONTROL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.mlsmesh.control");

  @Test
  void usesTheNodeThroughItsApiOnly() {
    assertThat(CONTROL.contain(ControlServer.class)).isTrue();
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.mlsmesh.node.internal..",
            "org.mlsmesh.app..",
            "picocli..",
            "com.fasterxml.jackson..",
            "ch.qos.logback..")
        .check(CONTROL);
  }

  @Test
  void printsNothing() {
    noClasses()
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .check(CONTROL);
  }
}
