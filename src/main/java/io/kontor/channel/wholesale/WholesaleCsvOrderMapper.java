package io.kontor.channel.wholesale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kontor.channel.MappingException;
import io.kontor.model.Address;
import io.kontor.model.Channel;
import io.kontor.model.FulfillmentStatus;
import io.kontor.model.IsoCodes;
import io.kontor.model.Money;
import io.kontor.model.MoneySet;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.model.Party;
import io.kontor.model.PartyRole;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wholesale orders as CSV (channel-contracts.md §4.1): UTF-8, RFC 4180, a header row, one row per order line,
 * in a file named {@code ORDERS_<partner>_<yyyyMMddHHmmss>_<seq>.csv}. A file is taken whole or not at all:
 * every problem of every row is collected, and one problem rejects the file with all of them listed by row.
 * The file's timestamp is the version of its orders: a later file with the same order number replaces it.
 */
public final class WholesaleCsvOrderMapper {

    public static final List<String> COLUMNS = List.of("order_number", "order_date", "buyer_gln", "buyer_name",
            "ship_to_name", "ship_to_line1", "ship_to_line2", "ship_to_city", "ship_to_region", "ship_to_postcode",
            "ship_to_country", "currency", "line_no", "sku", "gtin", "description", "qty", "unit_price",
            "requested_delivery_date");
    /** Columns every row of one order must agree on. */
    private static final List<String> ORDER_COLUMNS = COLUMNS.subList(0, 12);
    private static final Pattern FILE_NAME = Pattern.compile("ORDERS_([A-Za-z0-9-]+)_(\\d{14})_(\\d+)\\.csv");
    private static final int MAX_PROBLEMS_LISTED = 50;

    /** The orders of one file. */
    public List<Order> map(String fileName, String partner, Reader content) {
        Matcher name = FILE_NAME.matcher(fileName);
        if (!name.matches()) {
            throw new MappingException("File name " + fileName + " does not follow ORDERS_<partner>_<yyyyMMddHHmmss>_<seq>.csv");
        }
        if (!name.group(1).equals(partner)) {
            throw new MappingException("File " + fileName + " names partner " + name.group(1) + ", but this drop belongs to " + partner);
        }
        Instant version = LocalDateTime.parse(name.group(2), DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC);

        List<String> problems = new ArrayList<>();
        Map<String, List<CSVRecord>> byOrder = new LinkedHashMap<>();
        List<String> header;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(withoutBom(content))) {
            header = parser.getHeaderNames();
            List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new MappingException("File " + fileName + " lacks the columns " + missing);
            }
            for (CSVRecord row : parser) {
                if (!row.isConsistent()) {
                    problems.add(where(row) + "has " + row.size() + " fields, the header has " + header.size());
                    continue;
                }
                String number = row.get("order_number").trim();
                if (number.isEmpty()) {
                    problems.add(where(row) + "order_number is empty");
                    continue;
                }
                byOrder.computeIfAbsent(number, k -> new ArrayList<>()).add(row);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MappingException("File " + fileName + " is not valid CSV: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MappingException("File " + fileName + " is not valid CSV: " + e.getMessage(), e);
        }
        if (byOrder.isEmpty() && problems.isEmpty()) {
            throw new MappingException("File " + fileName + " holds no order rows");
        }
        List<Order> orders = new ArrayList<>();
        for (Map.Entry<String, List<CSVRecord>> e : byOrder.entrySet()) {
            Order order = order(partner, e.getKey(), e.getValue(), header, version, fileName, problems);
            if (order != null) {
                orders.add(order);
            }
        }
        if (!problems.isEmpty()) {
            List<String> listed = problems.size() > MAX_PROBLEMS_LISTED ? problems.subList(0, MAX_PROBLEMS_LISTED) : problems;
            throw new MappingException("File " + fileName + " rejected, " + problems.size() + " problem(s): "
                    + String.join("; ", listed) + (problems.size() > listed.size() ? "; ..." : ""));
        }
        return orders;
    }

    private Order order(String partner, String number, List<CSVRecord> rows, List<String> header, Instant version,
                        String fileName, List<String> problems) {
        int before = problems.size();
        CSVRecord first = rows.get(0);
        for (CSVRecord row : rows.subList(1, rows.size())) {
            for (String column : ORDER_COLUMNS) {
                if (!row.get(column).equals(first.get(column))) {
                    problems.add(where(row) + "order " + number + " has " + column + " '" + row.get(column)
                            + "', its first row (line " + first.getRecordNumber() + ") '" + first.get(column) + "'");
                }
            }
        }
        Instant orderDate = date(first, "order_date", problems);
        String currency = first.get("currency").trim();
        if (!IsoCodes.isCurrency(currency)) {
            problems.add(where(first) + "currency '" + currency + "' is not an ISO 4217 code");
        }
        String country = first.get("ship_to_country").trim();
        if (!IsoCodes.isCountry(country)) {
            problems.add(where(first) + "ship_to_country '" + country + "' is not an ISO 3166 alpha-2 code");
        }
        String gln = blankToNull(first.get("buyer_gln"));
        if (gln != null && !Gs1.validCheckDigit(gln, 13)) {
            problems.add(where(first) + "buyer_gln '" + gln + "' is not a valid GLN");
        }
        Set<String> lineNumbers = new HashSet<>();
        List<OrderLine> lines = new ArrayList<>();
        ArrayNode raw = JsonNodeFactory.instance.arrayNode();
        for (CSVRecord row : rows) {
            raw.add(asObject(row, header));
            OrderLine line = line(number, row, currency, lineNumbers, problems);
            if (line != null) {
                lines.add(line);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        MoneySet subtotal = lines.stream().map(OrderLine::lineTotal).reduce(MoneySet::plus).orElseThrow();
        Party buyer = new Party(PartyRole.BUYER, gln, blankToNull(first.get("buyer_name")), null, null,
                blankToNull(first.get("buyer_name")), null, null, null, gln, null, false);
        List<String> addressLines = new ArrayList<>();
        addIfPresent(addressLines, first.get("ship_to_line1"));
        addIfPresent(addressLines, first.get("ship_to_line2"));
        Address address = new Address(addressLines, blankToNull(first.get("ship_to_city")), null,
                blankToNull(first.get("ship_to_region")), null, blankToNull(first.get("ship_to_postcode")), country, null);
        Party shipTo = new Party(PartyRole.SHIP_TO, null, blankToNull(first.get("ship_to_name")), null, null, null, null, null,
                null, null, address, false);
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        extensions.put("sourceFile", TextNode.valueOf(fileName));
        String delivery = blankToNull(first.get("requested_delivery_date"));
        if (delivery != null) {
            extensions.put("requestedDeliveryDate", TextNode.valueOf(delivery));
        }
        // prices in wholesale files are net: tax is settled on the invoice, not carried here
        return new Order(Order.SCHEMA_VERSION, Order.idFor(WholesaleChannels.WHOLESALE_CSV, partner, number), WholesaleChannels.WHOLESALE_CSV,
                partner, null, number, number, orderDate, version, null, OrderStatus.OPEN, null, FulfillmentStatus.UNFULFILLED,
                Map.of(), null, currency, currency, subtotal, null, null, null, subtotal, null, buyer, shipTo, null, lines,
                "csv-v1", extensions, raw);
    }

    private OrderLine line(String number, CSVRecord row, String currency, Set<String> lineNumbers, List<String> problems) {
        int before = problems.size();
        String lineNo = row.get("line_no").trim();
        if (!lineNo.matches("\\d{1,6}")) {
            problems.add(where(row) + "line_no '" + lineNo + "' is not a positive number");
        } else if (!lineNumbers.add(lineNo)) {
            problems.add(where(row) + "order " + number + " has line_no " + lineNo + " twice");
        }
        String sku = blankToNull(row.get("sku"));
        String gtin = blankToNull(row.get("gtin"));
        if (sku == null && gtin == null) {
            problems.add(where(row) + "neither sku nor gtin is given");
        }
        if (gtin != null && !(gtin.matches("\\d{8}|\\d{12,14}") && Gs1.validCheckDigit(gtin, gtin.length()))) {
            problems.add(where(row) + "gtin '" + gtin + "' is not a valid GTIN");
        }
        int qty = 0;
        try {
            qty = Integer.parseInt(row.get("qty").trim());
            if (qty <= 0) {
                problems.add(where(row) + "qty " + qty + " is not positive");
            }
        } catch (NumberFormatException e) {
            problems.add(where(row) + "qty '" + row.get("qty") + "' is not a whole number");
        }
        Money unit = null;
        String price = row.get("unit_price").trim();
        if (!price.matches("\\d+(\\.\\d+)?")) {
            problems.add(where(row) + "unit_price '" + price + "' is not a decimal with '.' as separator");
        } else if (IsoCodes.isCurrency(currency)) {
            try {
                unit = Money.of(price, currency);
            } catch (IllegalArgumentException e) {
                problems.add(where(row) + "unit_price " + price + ": " + e.getMessage());
            }
        }
        date(row, "requested_delivery_date", problems);
        if (problems.size() > before || unit == null) {
            return null;
        }
        MoneySet unitPrice = MoneySet.single(unit);
        MoneySet total = unitPrice.times(qty);
        MoneySet zero = MoneySet.single(Money.zero(Currency.getInstance(currency)));
        Map<String, String> refs = new LinkedHashMap<>();
        if (gtin != null) {
            refs.put("gtin", gtin);
        }
        return new OrderLine(number + "/" + lineNo, sku, refs, blankToNull(row.get("description")), qty, 0, 0, 0,
                unitPrice, total, zero, null, total, null, Map.of());
    }

    /** ISO-8601 date or date-time; a date alone is that day at 00:00 UTC. Empty is allowed, except for order_date. */
    private static Instant date(CSVRecord row, String column, List<String> problems) {
        String text = row.get(column).trim();
        if (text.isEmpty()) {
            if ("order_date".equals(column)) {
                problems.add(where(row) + "order_date is empty");
            }
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(where(row) + column + " '" + text + "' is not an ISO-8601 date");
            return null;
        }
    }

    private static ObjectNode asObject(CSVRecord row, List<String> header) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("_row", row.getRecordNumber() + 1); // the header is line 1
        for (String column : header) {
            o.put(column, row.get(column));
        }
        return o;
    }

    private static String where(CSVRecord row) {
        return "line " + (row.getRecordNumber() + 1) + ": ";
    }

    private static Reader withoutBom(Reader content) throws IOException {
        java.io.PushbackReader r = new java.io.PushbackReader(content, 1);
        int c = r.read();
        if (c != -1 && c != '\uFEFF') {
            r.unread(c);
        }
        return r;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void addIfPresent(List<String> lines, String s) {
        if (s != null && !s.isBlank()) {
            lines.add(s.trim());
        }
    }

    /** Convenience for tests and tools: the orders of a CSV text. */
    public List<Order> map(String fileName, String partner, String content) {
        return map(fileName, partner, new StringReader(Objects.requireNonNull(content)));
    }
}
