package io.kontor.invoices;

import io.kontor.model.VatIds;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.Map;

/**
 * How far invoices may stray from their orders (kontor.invoices.matching.*).
 *
 * @param tolerance the default for every supplier
 * @param suppliers per supplier (by VAT id, as "DE123456789"), replacing the default
 */
@ConfigurationProperties("kontor.invoices.matching")
public record MatchingProperties(@DefaultValue Limits tolerance, Map<String, Limits> suppliers) {

    public MatchingProperties {
        suppliers = suppliers == null ? Map.of() : Map.copyOf(suppliers);
    }

    /**
     * @param pricePercent    unit price above the order's by this share is still a match
     * @param priceAbsolute   ... or by this amount, whichever allows more
     * @param quantityPercent billed beyond what was received by this share of the received quantity is still a match
     * @param chargesAbsolute document-level charges (freight, packaging) up to this amount need no order line
     */
    public record Limits(@DefaultValue("1") BigDecimal pricePercent, @DefaultValue("0.01") BigDecimal priceAbsolute,
                         @DefaultValue("0") BigDecimal quantityPercent, @DefaultValue("0") BigDecimal chargesAbsolute) {
    }

    Limits toleranceFor(String supplierKey) {
        return supplierKey == null ? tolerance : suppliers.entrySet().stream()
                .filter(e -> VatIds.key(e.getKey()).equals(supplierKey)).map(Map.Entry::getValue).findFirst().orElse(tolerance);
    }
}
