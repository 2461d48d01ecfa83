package dev.tributary.node;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the node module's arrows pointing one way: the composition root ({@code node}) knows no service;
 * services ({@code node.records}, {@code node.db}) know the root and the HTTP helpers, not each other (the chain
 * and DAG services, in the embed module, are checked by {@code EmbedArchitectureTest}); the HTTP
 * server ({@code node.http}) knows the root, not the services; the command line and the demo sit on top. No
 * package cycles.
 */
class NodeArchitectureTest {
    private static final String NODE = "dev.tributary.node";
    private static JavaClasses classes;

    @BeforeAll
    static void importNode() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(NODE);
    }

    private static void onlyUsesOfTheNodeModule(String pkg, String... allowed) {
        String[] own = new String[allowed.length + 1];
        own[0] = pkg;
        for (int i = 0; i < allowed.length; i++) {
            own[i + 1] = allowed[i];
        }
        classes().that().resideInAPackage(pkg)
                .should().onlyDependOnClassesThat(not(resideInAPackage(NODE + "..")).or(resideInAnyPackage(own)))
                .as(pkg + " uses no package of the node module but " + String.join(", ", allowed))
                .check(classes);
    }

    @Test
    void theCompositionRootKnowsNoService() {
        onlyUsesOfTheNodeModule(NODE);
    }

    @Test
    void theHttpServerKnowsTheNodeNotItsServices() {
        onlyUsesOfTheNodeModule(NODE + ".http", NODE);
    }

    @Test
    void servicesKnowTheRootAndTheHttpHelpersNotEachOther() {
        onlyUsesOfTheNodeModule(NODE + ".records", NODE, NODE + ".http");
        onlyUsesOfTheNodeModule(NODE + ".db", NODE, NODE + ".http");
    }

    @Test
    void nodePackagesHaveNoCycles() {
        slices().matching(NODE + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
