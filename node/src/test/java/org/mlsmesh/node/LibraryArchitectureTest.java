package org.mlsmesh.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mlsmesh-node} is a library: it never depends on its application (the command line, the
 * demo, the chat, the simulator) nor on what only the application uses (picocli, Jackson, a logging
 * backend), and it logs through the SLF4J API, never on the process's stdout or stderr.
 */
class LibraryArchitectureTest {
  /** Packages of the application and of the libraries only it may use. */
  static final List<String> APPLICATION_PACKAGES =
      List.of(
          "org.mlsmesh.app..",
          "org.mlsmesh.simulations..",
          "org.mlsmesh.interop..",
          "picocli..",
          "com.fasterxml.jackson..",
          "ch.qos.logback..");

  private static JavaClasses library;

  @BeforeAll
  static void importClasses() {
    library =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mlsmesh.node");
  }

  @Test
  void importsTheLibrary() {
    // A rule over no classes passes whatever the code: make sure the import found the library.
    assertThat(library.contain(MlsNode.class)).isTrue();
  }

  @Test
  void noApplicationDependencies() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(APPLICATION_PACKAGES.toArray(String[]::new))
        .check(library);
  }

  @Test
  void logsThroughSlf4jOnly() {
    noClasses()
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("java.util.logging..", "org.apache.log4j..", "org.apache.logging..")
        .check(library);
  }

  /** The test class path is what an embedding app gets from Maven, plus test libraries. */
  @Test
  void applicationLibrariesAreNotOnTheClassPath() {
    for (String resource :
        List.of(
            "picocli/CommandLine.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "ch/qos/logback/classic/Logger.class",
            "org/mlsmesh/simulations",
            "org/mlsmesh/interop",
            "org/mlsmesh/app")) {
      assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNull();
    }
  }

  /** The packages whose public types are the API (and the javadoc); the rest is internal. */
  static final List<String> API_PACKAGES =
      List.of("org.mlsmesh.node", "org.mlsmesh.node.identity", "org.mlsmesh.node.storage");

  /**
   * What an application can call never takes or returns an internal type (nor one in its generic
   * arguments): a user who needs {@code org.mlsmesh.node.internal} has found a hole in the API.
   */
  @Test
  void theApiExposesNoInternalType() {
    codeUnits()
        .that()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(API_PACKAGES.toArray(String[]::new))
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .and()
        .arePublic()
        .should(
            new ArchCondition<JavaCodeUnit>(
                "not take or return a type of org.mlsmesh.node.internal") {
              @Override
              public void check(JavaCodeUnit unit, ConditionEvents events) {
                Set<JavaClass> involved = new java.util.LinkedHashSet<>();
                involved.addAll(unit.getReturnType().getAllInvolvedRawTypes());
                unit.getParameterTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
                for (JavaClass type : involved) {
                  if (type.getPackageName().startsWith("org.mlsmesh.node.internal")) {
                    events.add(
                        SimpleConditionEvent.violated(
                            unit, unit.getFullName() + " exposes " + type.getName()));
                  }
                }
              }
            })
        .allowEmptyShould(false)
        .check(library);
  }
}
