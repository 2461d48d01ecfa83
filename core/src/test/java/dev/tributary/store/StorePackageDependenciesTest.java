package dev.tributary.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** {@code store} is a generic key-value layer: besides the JDK and RocksDB it may use {@code bytes} only. */
class StorePackageDependenciesTest {
    @Test
    void storeDependsOnNothingElseInTributary() {
        JavaClasses store = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tributary.store");
        classes().that().resideInAPackage("dev.tributary.store..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.tributary.store..", "dev.tributary.bytes..", "java..", "org.rocksdb..")
                .check(store);
    }
}
