package io.kontor.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture's rules (docs/architecture.md), checked on the production classes: the canonical model at the
 * bottom; workflows that know no channel; channels that speak the model and the interfaces the workflows declare
 * for them ({@code ..spi..}), not the workflows' insides; production code that never needs the sandbox; emulators
 * written from the channels' contracts rather than from the hub's clients; no cycles between packages.
 */
@AnalyzeClasses(packages = "io.kontor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] WORKFLOWS = {"io.kontor.orders..", "io.kontor.fulfilment..", "io.kontor.shipping..",
            "io.kontor.invoices..", "io.kontor.payments..", "io.kontor.purchasing..", "io.kontor.stock.."};

    @ArchTest
    static final ArchRule theModelStandsOnNothingOfTheHub = noClasses().that().resideInAPackage("io.kontor.model..")
            .should().dependOnClassesThat().resideOutsideOfPackages("io.kontor.model..", "java..", "com.fasterxml.jackson..")
            .because("the canonical model is what every part shares; it depends on no part");

    @ArchTest
    static final ArchRule workflowsKnowNoChannel = noClasses().that().resideInAnyPackage(WORKFLOWS)
            .should().dependOnClassesThat().resideInAPackage("io.kontor.channel..")
            .because("a channel plugs in behind the interfaces a workflow declares; adding one edits no workflow");

    @ArchTest
    static final ArchRule channelsSpeakTheModelAndTheDeclaredInterfaces = noClasses().that().resideInAPackage("io.kontor.channel..")
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("a workflow's insides",
                    c -> java.util.Arrays.stream(WORKFLOWS).anyMatch(w -> c.getPackageName().startsWith(w.replace("..", "")))
                            && !c.getPackageName().contains(".spi")))
            .because("channels use the model and the workflows' declared interfaces (..spi..), nothing else of them");

    @ArchTest
    static final ArchRule productionCodeNeverNeedsTheSandbox = noClasses().that().resideOutsideOfPackage("io.kontor.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.kontor.sandbox..")
            .because("the sandbox is switched off in production; nothing may lean on it");

    @ArchTest
    static final ArchRule emulatorsAreWrittenFromTheContract = noClasses().that().resideInAPackage("io.kontor.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.kontor.channel..")
            .because("an emulator sharing the hub's client code (signatures, mapping, timestamps) cannot catch its bugs");

    @ArchTest
    static final ArchRule theConsoleSitsOnTop = noClasses().that().resideOutsideOfPackage("io.kontor.console..")
            .should().dependOnClassesThat().resideInAPackage("io.kontor.console..")
            .because("the console's screens call the workflows' services; no workflow, channel or API leans on a screen");

    @ArchTest
    static final ArchRule theConsoleKnowsNoChannel = noClasses().that().resideInAPackage("io.kontor.console..")
            .should().dependOnClassesThat().resideInAPackage("io.kontor.channel..")
            .because("people decide on canonical orders and invoices; a channel added later needs no screen of its own");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.kontor.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesBetweenChannels = slices().matching("io.kontor.channel.(*)..").should().beFreeOfCycles();
}
