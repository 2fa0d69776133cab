package io.kontor.invoices.validation;

/**
 * What an artefact said about a document: its rule id (BR-CO-15, PEPPOL-EN16931-R010, BR-DE-15, or {@code XSD} for the
 * schema), how serious the artefact itself rates it, its own text, where in the document, and which artefact said it.
 */
public record Finding(String rule, Severity severity, String text, String location, String artefact) {

    /** The artefact's flag: fatal and error reject; warning and information are kept and shown. */
    public enum Severity {
        ERROR, WARNING, INFORMATION;

        static Severity ofFlag(String flag) {
            if (flag == null || flag.isBlank() || flag.equals("fatal") || flag.equals("error")) {
                return ERROR; // ISO Schematron: an assertion without a flag is an error
            }
            return flag.equals("warning") ? WARNING : INFORMATION;
        }
    }
}
