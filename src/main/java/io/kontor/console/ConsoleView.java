package io.kontor.console;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;

/** Formatting the templates call as {@code @fmt}: times in UTC to the minute, amounts as plain decimals. */
@Component("fmt")
public class ConsoleView {

    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public ConsoleView(com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
    }

    /** A duration in seconds as a person reads it: 45 s, 12.5 min, 3.2 h, 2.1 d. */
    public String seconds(Double seconds) {
        if (seconds == null) {
            return "—";
        }
        double s = seconds;
        if (s < 90) {
            return String.format(java.util.Locale.ROOT, "%.1f s", s);
        }
        if (s < 5400) {
            return String.format(java.util.Locale.ROOT, "%.1f min", s / 60);
        }
        return s < 172_800 ? String.format(java.util.Locale.ROOT, "%.1f h", s / 3600) : String.format(java.util.Locale.ROOT, "%.1f d", s / 86_400);
    }

    /** Figures for a page's script, as JSON text (the template inlines it as an escaped string). */
    public String json(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
        return json.writeValueAsString(value);
    }

    public String time(Object value) {
        return ConsoleFormat.time(value);
    }

    public String amount(Object value) {
        if (value == null) {
            return "—";
        }
        BigDecimal amount = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        return amount.setScale(Math.max(2, amount.stripTrailingZeros().scale())).toPlainString();
    }

    /** A canonical MoneySet as the console shows it: the settlement amount. */
    public String money(Object moneySet) {
        if (moneySet instanceof java.util.Map<?, ?> set && set.get("settlement") instanceof java.util.Map<?, ?> money) {
            return amount(money.get("amount"));
        }
        return "—";
    }

    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
