package org.chargebay.events.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The Kafka side reads the journal through {@link RawJournal} and {@link OutboxPositions} only, so
 * that the journal's storage can change without touching the relay.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StoreLayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("org.chargebay.events");

  @Test
  void kafka_does_not_depend_on_the_sqlite_journal() {
    noClasses()
        .that()
        .resideInAPackage("org.chargebay.events.store.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.chargebay.events.store.sqlite..")
        .check(CLASSES);
  }

  @Test
  void the_sqlite_journal_does_not_depend_on_kafka() {
    noClasses()
        .that()
        .resideInAPackage("org.chargebay.events.store.sqlite..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.chargebay.events.store.kafka..", "org.apache.kafka..")
        .check(CLASSES);
  }
}
