package org.mlsmesh.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.ForkChoice;

/**
 * One group engine (DESIGN.md): the group engine ({@code org.mlsmesh.consensus.group}) is the
 * single place of group logic, so nothing else — not the node's actors, not the simulator — drives
 * the fork choice.
 */
class OneGroupEngineTest {
  @Test
  void onlyTheGroupEngineTouchesTheForkChoice() {
    JavaClasses all =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mlsmesh");
    noClasses()
        .that()
        .resideOutsideOfPackages("org.mlsmesh.consensus", "org.mlsmesh.consensus.group")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ForkChoice.class)
        .check(all);
  }
}
