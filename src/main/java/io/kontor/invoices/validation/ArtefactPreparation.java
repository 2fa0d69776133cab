package io.kontor.invoices.validation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Compiles the artefacts most invoices need once the hub is up, on a thread of its own: compiling CEN's CII
 * Schematron alone takes over a second, which the first supplier invoice of the day should not wait for. The rarer
 * ones (Peppol BIS, ZUGFeRD 1.0, the other Factur-X profiles, XRechnung 1.x/2.x) compile at their first invoice.
 */
@Component
@ConditionalOnProperty(name = "kontor.invoices.prepare-artefacts", havingValue = "true", matchIfMissing = true)
class ArtefactPreparation {

    private static final Logger log = LoggerFactory.getLogger(ArtefactPreparation.class);
    /** XRechnung 3.0 and ZUGFeRD/Factur-X EN16931, CII and UBL: about 35 MB of heap once compiled. */
    static final List<Artefact> COMMON = List.of(Artefact.EN16931_CII, Artefact.xrechnung("CII", "xrechnung_3.0"),
            Artefact.facturX("EN16931"), Artefact.EN16931_UBL, Artefact.ublSchema("Invoice"), Artefact.xrechnung("UBL", "xrechnung_3.0"));

    private final OfficialArtefacts artefacts;

    ArtefactPreparation(OfficialArtefacts artefacts) {
        this.artefacts = artefacts;
    }

    @EventListener(ApplicationReadyEvent.class)
    void prepareTheCommonOnes() {
        Thread compiler = new Thread(() -> {
            long start = System.nanoTime();
            artefacts.prepare(COMMON);
            log.info("Validation artefacts ready in {} ms: {}", (System.nanoTime() - start) / 1_000_000,
                    COMMON.stream().map(Artefact::name).toList());
        }, "kontor-artefacts");
        compiler.setDaemon(true);
        compiler.setPriority(Thread.MIN_PRIORITY);
        compiler.start();
    }
}
