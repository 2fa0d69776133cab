package io.kontor.invoices.validation;

import java.util.List;
import java.util.Locale;

/**
 * One official validation artefact as its publisher ships it: the Schematron compiled to XSLT, and the XML Schema a
 * document must meet first (null where the artefact set has none for that syntax). The files come from the
 * maintained packagings on the classpath — Mustang's validator (CEN/TC 434, KoSIT XRechnung, FNFE/FeRD Factur-X and
 * ZUGFeRD) and phive's Peppol rules (OpenPeppol) — never from copies in this repository.
 */
public record Artefact(String name, String stylesheet, String schema) {

    public static final Artefact EN16931_CII = new Artefact("CEN/TC 434 EN 16931 CII 1.3.14.2",
            "/xslt/en16931schematron/EN16931-CII-validation.xslt", null);
    public static final Artefact EN16931_UBL = new Artefact("CEN/TC 434 EN 16931 UBL 1.3.14.2",
            "/xslt/en16931schematron/EN16931-UBL-validation.xslt", null);
    public static final Artefact PEPPOL_CEN_UBL = new Artefact("Peppol BIS Billing 3 2025.5: CEN EN 16931 UBL",
            "/external/schematron/openpeppol/2025.5/xslt/CEN-EN16931-UBL.xslt", null);
    public static final Artefact PEPPOL_UBL = new Artefact("Peppol BIS Billing 3 2025.5: Peppol rules",
            "/external/schematron/openpeppol/2025.5/xslt/PEPPOL-EN16931-UBL.xslt", null);
    public static final Artefact ZUGFERD_1 = new Artefact("ZUGFeRD 1.0", "/xslt/ZUGFeRD_1p0.xslt", "/schema/ZF_10/ZUGFeRD1p0.xsd");

    /** The XML Schema of a UBL 2.1 root ("Invoice" or "CreditNote"), as OASIS publishes it. */
    static Artefact ublSchema(String root) {
        return new Artefact("OASIS UBL 2.1 " + root + " XSD", null, "/schema/UBL_21/maindoc/UBL-" + root + "-2.1.xsd");
    }

    /** The Factur-X/ZUGFeRD artefact of one profile (MINIMUM, BASIC-WL, BASIC, EN16931, EXTENDED): its own rule set and XSD. */
    static Artefact facturX(String profile) {
        return new Artefact("Factur-X/ZUGFeRD " + profile + " (FNFE/FeRD Schematron 1.09.2)", "/xslt/ZF_250/FACTUR-X_" + profile + ".xslt",
                "/schema/ZF_250/" + profile + "/FACTUR-X_" + profile.replace("-", "") + ".xsd");
    }

    /** KoSIT's XRechnung Schematron of the version the invoice names (1.2 to 3.0; a later 3.x is checked with 3.0's). */
    static Artefact xrechnung(String syntax, String specification) {
        String version = xrechnungVersion(specification);
        return new Artefact("KoSIT XRechnung " + version.charAt(0) + "." + version.charAt(1) + " " + syntax,
                "/xslt/XR_" + version + "/XRechnung-" + syntax + "-validation.xslt", null);
    }

    private static String xrechnungVersion(String specification) {
        String spec = specification.toLowerCase(Locale.ROOT);
        for (String v : List.of("1.2", "2.0", "2.1", "2.2", "2.3")) {
            if (spec.contains("xrechnung_" + v)) {
                return v.replace(".", "");
            }
        }
        return "30";
    }
}
