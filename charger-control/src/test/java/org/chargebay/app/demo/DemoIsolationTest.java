package org.chargebay.app.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Simulated hardware reaches the controller only through the demo package: a real bay can never be
 * wired to an emulator or driven by a virtual clock by accident.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DemoIsolationTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.chargebay");

  @Test
  void no_production_class_outside_the_demo_package_depends_on_the_simulator() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.chargebay.app.demo..", "org.chargebay.simulator..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.chargebay.simulator..")
        .check(CLASSES);
  }
}
