package io.kontor.invoices.validation;

import java.util.List;

/** The official artefacts' verdict on one document: which artefacts ran, and everything they found. */
public record Verdict(List<String> artefacts, List<Finding> findings) {

    public boolean valid() {
        return errors().isEmpty();
    }

    public List<Finding> errors() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
    }

    public List<Finding> warnings() {
        return findings.stream().filter(f -> f.severity() != Finding.Severity.ERROR).toList();
    }
}
