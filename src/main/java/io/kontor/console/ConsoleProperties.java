package io.kontor.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * The operations console ({@code kontor.console}).
 *
 * @param unconfirmedAfter a shipped parcel its channel has not confirmed after this long waits in the inbox
 * @param pageSize         rows per inbox and search page
 * @param manualWork       per workflow, what handling one item by hand costs — the ROI panel's assumptions
 * @param roiCurrency      the currency the cost per item is stated in
 */
@ConfigurationProperties("kontor.console")
public record ConsoleProperties(@DefaultValue("PT24H") Duration unconfirmedAfter,
                                @DefaultValue("50") int pageSize,
                                Map<String, ManualWork> manualWork,
                                @DefaultValue("USD") String roiCurrency) {

    /**
     * @param minutes  a person's minutes per item handled by hand
     * @param costLow  what one item costs by hand, at the low end (people, errors, late fees)
     * @param costHigh the same at the high end
     */
    public record ManualWork(double minutes, BigDecimal costLow, BigDecimal costHigh) {
    }

    public ConsoleProperties {
        manualWork = manualWork == null ? Map.of() : Map.copyOf(manualWork);
    }

    /** The configured assumption for a workflow, or none (the ROI panel then says it is not configured). */
    public ManualWork manualWork(String workflow) {
        return manualWork.get(workflow);
    }
}
