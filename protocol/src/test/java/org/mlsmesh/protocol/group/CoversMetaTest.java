package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;

/** Every {@link ValidationCode} has at least one negative test marked {@code @Covers}. */
class CoversMetaTest {
  @Test
  void everyValidationCodeHasANegativeTest() {
    Set<ValidationCode> covered = EnumSet.noneOf(ValidationCode.class);
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("org.mlsmesh")) {
      Set<Covers> marks = new HashSet<>();
      type.tryGetAnnotationOfType(Covers.class).ifPresent(marks::add);
      for (JavaMethod method : type.getMethods()) {
        if (method.isAnnotatedWith(org.junit.jupiter.api.Test.class)
            || method.isAnnotatedWith(org.junit.jupiter.api.TestFactory.class)
            || method.isAnnotatedWith(org.junit.jupiter.params.ParameterizedTest.class)) {
          method.tryGetAnnotationOfType(Covers.class).ifPresent(marks::add);
        }
      }
      marks.forEach(mark -> covered.addAll(Arrays.asList(mark.value())));
    }
    Set<String> missing = new TreeSet<>();
    for (ValidationCode code : ValidationCode.values()) {
      if (!covered.contains(code)) {
        missing.add(code.name() + " " + code);
      }
    }
    System.out.println(
        "@Covers covers "
            + covered.size()
            + " of "
            + ValidationCode.values().length
            + " validation codes: "
            + covered.stream().map(c -> String.valueOf(c.id())).collect(Collectors.joining(",")));
    assertThat(missing).as("validation codes without a negative @Covers test").isEmpty();
  }
}
