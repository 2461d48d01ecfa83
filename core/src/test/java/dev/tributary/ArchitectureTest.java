package dev.tributary;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps core's dependency arrows pointing one way (DESIGN.md): {@code bytes} <- {@code wire} <- {@code chain}
 * <- {@code sync} <- {@code net}, {@code dag} beside {@code chain} (on {@code bytes}, {@code wire} and
 * {@code store}), {@code oplog} beside them too (on {@code bytes}, {@code store}, {@code engine} and
 * {@code validation}; inside it {@code oplog.cid} <- {@code oplog.cbor} <- the formats above them), with
 * {@code engine} (no Tributary dependency) and {@code store} (only {@code bytes}) beside them; nothing in core uses {@code node}; no package cycles. Only Tributary's own
 * packages are restricted here: what each may use of the JDK and of libraries is not this test's business.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.tributary";
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    /** Classes of {@code pkg} use no Tributary package but {@code allowed} (and {@code pkg} itself). */
    private static void onlyDependsOn(String pkg, String... allowed) {
        String[] own = new String[allowed.length + 1];
        own[0] = ROOT + "." + pkg + "..";
        for (int i = 0; i < allowed.length; i++) {
            own[i + 1] = ROOT + "." + allowed[i] + "..";
        }
        classes().that().resideInAPackage(ROOT + "." + pkg + "..")
                .should().onlyDependOnClassesThat(not(resideInAPackage(ROOT + "..")).or(resideInAnyPackage(own)))
                .as(pkg + " depends on no Tributary package but " + String.join(", ", allowed))
                .check(core);
    }

    @Test
    void theImportSeesEveryCorePackage() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : core) {
            packages.add(c.getPackageName());
        }
        assertThat(packages).contains(ROOT + ".bytes", ROOT + ".wire", ROOT + ".chain", ROOT + ".dag", ROOT + ".engine",
                ROOT + ".store", ROOT + ".sync", ROOT + ".net",
                ROOT + ".net.bitcoin", ROOT + ".sync.headers", ROOT + ".sync.inventory", ROOT + ".chain.store",
                ROOT + ".chain.message", ROOT + ".dag.store", ROOT + ".dag.message", ROOT + ".validation",
                ROOT + ".oplog.cbor", ROOT + ".oplog.cid", ROOT + ".oplog.identity", ROOT + ".oplog.entry",
                ROOT + ".oplog.access", ROOT + ".oplog.manifest");
        assertThat(packages).as("test fakes are not part of the rules").doesNotContain(ROOT + ".testing");
    }

    @Test
    void bytesDependsOnNothingElseInTributary() {
        onlyDependsOn("bytes");
    }

    @Test
    void engineDependsOnNothingElseInTributary() {
        onlyDependsOn("engine");
    }

    @Test
    void theVerdictDependsOnlyOnBytes() {
        onlyDependsOn("validation", "bytes");
    }

    @Test
    void storeDependsOnlyOnBytes() {
        onlyDependsOn("store", "bytes");
    }

    @Test
    void wireDependsOnlyOnBytes() {
        onlyDependsOn("wire", "bytes");
    }

    @Test
    void chainDependsOnlyOnBytesWireStoreAndEngine() {
        onlyDependsOn("chain", "bytes", "wire", "store", "engine", "validation");
    }

    @Test
    void dagDependsOnlyOnBytesWireStoreEngineAndChain() {
        onlyDependsOn("dag", "bytes", "wire", "store", "engine", "chain", "validation");
    }

    @Test
    void oplogSitsBesideChainAndDag() {
        onlyDependsOn("oplog", "bytes", "store", "engine", "validation");
    }

    @Test
    void theOplogFormatsLayerCidThenCbor() {
        onlyDependsOn("oplog.cid", "bytes");
        onlyDependsOn("oplog.cbor", "oplog.cid");
    }

    @Test
    void oplogPackagesHaveNoCycles() {
        slices().matching(ROOT + ".oplog.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void syncDependsOnTheModelsAndThePeerLayerBelowIt() {
        onlyDependsOn("sync", "bytes", "wire", "chain", "dag", "oplog", "engine", "store", "net", "validation");
    }

    @Test
    void thePeerLayerKnowsNoProtocol() {
        // net itself, without its protocol modules (net.bitcoin): framing, engine and bytes only.
        classes().that().resideInAPackage(ROOT + ".net")
                .should().onlyDependOnClassesThat(not(resideInAPackage(ROOT + "..")).or(resideInAnyPackage(
                        ROOT + ".net", ROOT + ".wire..", ROOT + ".engine..", ROOT + ".bytes..")))
                .as("net depends on no Tributary package but wire, engine and bytes")
                .check(core);
    }

    @Test
    void bitcoinsPeerModulesDependOnlyOnThePeerLayerAndTheChainModel() {
        onlyDependsOn("net.bitcoin", "net", "chain", "wire", "engine", "bytes");
    }

    @Test
    void nothingInCoreDependsOnTheNodeModule() {
        noClasses().that().resideInAPackage(ROOT + "..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".node..")
                .check(core);
    }

    @Test
    void syncDoesNotDependOnItsInventorySubpackage() {
        // The slices below take sync and sync.inventory as one, so this arrow is checked on its own.
        noClasses().that().resideInAPackage(ROOT + ".sync")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".sync.inventory..")
                .check(core);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(core);
    }
}
