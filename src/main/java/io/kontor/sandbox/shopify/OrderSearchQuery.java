package io.kontor.sandbox.shopify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Shopify's search syntax the orders connection needs: {@code field:value}, {@code field:>value},
 * {@code :>=}, {@code :<}, {@code :<=} on updated_at, created_at, processed_at, terms joined by AND (or a
 * space). Date values must be quoted, as Shopify documents; anything else is a user error, reported as such.
 */
record OrderSearchQuery(List<Term> terms) {

    private static final Pattern TERM = Pattern.compile(
            "\\s*(updated_at|created_at|processed_at):(>=|<=|>|<)?('([^']*)'|\"([^\"]*)\"|(\\S+))\\s*(?:AND\\s+)?",
            Pattern.CASE_INSENSITIVE);

    enum Op { GT, GE, LT, LE, EQ }

    record Term(String field, Op op, Instant value) {
        boolean test(Instant actual) {
            int c = actual.compareTo(value);
            return switch (op) {
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case EQ -> c == 0;
            };
        }
    }

    static OrderSearchQuery parse(String query) {
        List<Term> terms = new ArrayList<>();
        if (query == null || query.isBlank()) {
            return new OrderSearchQuery(terms);
        }
        Matcher m = TERM.matcher(query);
        int pos = 0;
        while (pos < query.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("Unsupported search query near '" + query.substring(pos) + "'");
            }
            String field = m.group(1).toLowerCase(Locale.ROOT);
            String opText = m.group(2);
            String value = m.group(4) != null ? m.group(4) : m.group(5) != null ? m.group(5) : m.group(6);
            if (m.group(6) != null) {
                throw new IllegalArgumentException("Date value for " + field + " must be quoted: " + value);
            }
            Op op = opText == null ? Op.EQ : switch (opText) {
                case ">" -> Op.GT;
                case ">=" -> Op.GE;
                case "<" -> Op.LT;
                default -> Op.LE;
            };
            terms.add(new Term(field, op, parseInstant(value)));
            pos = m.end();
        }
        return new OrderSearchQuery(terms);
    }

    private static Instant parseInstant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (RuntimeException e2) {
                throw new IllegalArgumentException("Invalid date in search query: " + value);
            }
        }
    }

    /** Lower bound on updated_at, so the store can start its scan there. */
    Instant updatedAtLowerBound() {
        Instant bound = null;
        for (Term t : terms) {
            if (t.field().equals("updated_at") && (t.op() == Op.GE || t.op() == Op.GT || t.op() == Op.EQ)) {
                bound = bound == null || t.value().isAfter(bound) ? t.value() : bound;
            }
        }
        return bound;
    }
}
