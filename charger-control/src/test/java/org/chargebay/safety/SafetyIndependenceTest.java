package org.chargebay.safety;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The supervisor must keep working when the decider or the journal is wrong. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SafetyIndependenceTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.chargebay");

  @Test
  void safety_depends_on_neither_the_decider_nor_the_event_model_nor_any_io() {
    noClasses()
        .that()
        .resideInAPackage("org.chargebay.safety..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.chargebay.session..",
            "org.chargebay.events..",
            "org.chargebay.bay..",
            "org.chargebay.supply..",
            "org.chargebay.app..",
            "org.apache.kafka..",
            "java.io..",
            "java.net..",
            "java.nio..",
            "com.digitalpetri..")
        .check(CLASSES);
  }

  @Test
  void the_decider_does_no_io_and_reads_no_clock() {
    noClasses()
        .that()
        .resideInAPackage("org.chargebay.session..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.chargebay.bay..",
            "org.chargebay.supply..",
            "org.chargebay.app..",
            "java.io..",
            "java.net..",
            "java.nio..",
            "java.util.logging..")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .check(CLASSES);
  }
}
