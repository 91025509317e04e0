package org.mlsmesh.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.mlsmesh.app.cli.Main;

/**
 * The application drives nodes through the library's API ({@code MlsNode}, the identity and storage
 * packages), never through its internals ({@code org.mlsmesh.node.internal}: runtime, actors,
 * directory, gossip, files), and serves the control listener through {@code ControlServer}, never
 * its internals: what the app needs, an embedding application can do as well.
 */
class AppArchitectureTest {
  @Test
  void theAppUsesNodesThroughTheApiOnly() {
    JavaClasses app =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mlsmesh.app");
    assertThat(app.contain(Main.class)).isTrue();
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.mlsmesh.node.internal..", "org.mlsmesh.control.internal..")
        .check(app);
  }
}
