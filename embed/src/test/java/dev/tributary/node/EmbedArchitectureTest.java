package dev.tributary.node;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embeddable library ({@code tributary-embed}) is the node and its chain and DAG services, nothing of the
 * command line or the HTTP server: its classes use no Javalin, picocli, Logback or Jackson databind (Jackson's
 * annotations only), and its packages keep the node module's arrows (the root knows no service, services not each
 * other, no cycles).
 */
class EmbedArchitectureTest {
    private static final String NODE = "dev.tributary.node";
    private static JavaClasses classes;

    @BeforeAll
    static void importTheModule() throws URISyntaxException {
        Path location = Path.of(Node.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(location);
    }

    @Test
    void theModuleHoldsTheNodeAndItsChainAndDagServices() {
        assertThat(classes.contain(Node.class)).isTrue();
        assertThat(classes.contain(dev.tributary.node.chain.ChainService.class)).isTrue();
        assertThat(classes.contain(dev.tributary.node.dag.DagService.class)).isTrue();
    }

    /**
     * What a program that depends on the artifact gets: its class path here (the module's dependencies, and the
     * test's own: JUnit, AssertJ, ArchUnit) holds no logging backend (SLF4J finds no provider), command line, HTTP
     * server, benchmark harness or bitcoinj.
     */
    @Test
    void itsDependenciesBringNoCommandLineHttpServerBenchmarksOrLoggingBackend() {
        java.util.List<String> jars = java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(e -> Path.of(e).getFileName().toString()).toList();
        assertThat(jars).as("the class path").anyMatch(j -> j.startsWith("rocksdbjni"))
                .noneMatch(j -> j.matches("(?i)(logback|log4j|slf4j-(simple|reload4j|jdk14|nop)|picocli|javalin|jetty"
                        + "|jmh|bitcoinj|jackson-databind|progressbar).*"));
        assertThat(java.util.ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class)).as("SLF4J providers")
                .isEmpty();
    }

    @Test
    void usesNoCommandLineHttpServerOrLoggingBackend() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "picocli..", "ch.qos.logback..",
                        "com.fasterxml.jackson.databind..", "org.eclipse.jetty..", NODE + ".http..", NODE + ".cli..")
                .check(classes);
    }

    @Test
    void theRootKnowsNoServiceAndServicesNotEachOther() {
        classes().that().resideInAPackage(NODE)
                .should().onlyDependOnClassesThat(not(resideInAPackage(NODE + "..")).or(resideInAPackage(NODE)))
                .check(classes);
        classes().that().resideInAPackage(NODE + ".chain")
                .should().onlyDependOnClassesThat(not(resideInAPackage(NODE + "..")).or(resideInAnyPackage(NODE,
                        NODE + ".chain")))
                .check(classes);
        classes().that().resideInAPackage(NODE + ".dag")
                .should().onlyDependOnClassesThat(not(resideInAPackage(NODE + "..")).or(resideInAnyPackage(NODE,
                        NODE + ".dag")))
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching(NODE + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
