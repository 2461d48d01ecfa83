package dev.tributary.chain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The chain package depends only on the JDK, {@code bytes}, {@code wire} and the shared verdict type
 * ({@code validation}): never on sync, net, store or node.
 */
class ChainDependenciesTest {

    @Test
    void chainDependsOnlyOnBytesWireAndTheVerdict() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tributary.chain");
        classes().that().resideInAPackage("dev.tributary.chain")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.tributary.bytes",
                        "dev.tributary.wire", "dev.tributary.validation", "dev.tributary.chain")
                .check(main);
    }
}
