package io.kontor.channel.wholesale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import io.kontor.platform.BadInputException;
import io.kontor.platform.EdifactInterchange;
import io.kontor.platform.EdifactInterchange.Segment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EDIFACT ORDERS (D.96A and later, EANCOM subsets) read with StAEDI, to canonical orders: one per UNH…UNT
 * message. StAEDI checks the interchange envelope and decodes the syntax level's character set (UNOA…UNOC…UNOY);
 * this class reads the segments an order needs — BGM, DTM, NAD, CUX, LIN, PIA, IMD, QTY, PRI — and keeps every
 * segment in the raw payload. An interchange is taken whole or not at all, like a CSV file.
 */
public final class EdifactOrdersMapper {

    /** A segment as read: its tag and its element/component values (both 1-based). */
    private final String defaultCurrency;

    /** @param defaultCurrency the contract currency of a partner whose messages carry no CUX segment */
    public EdifactOrdersMapper(String defaultCurrency) {
        this.defaultCurrency = defaultCurrency;
    }

    /** {@code extensions.pricing} of an order whose lines came without PRI: the partner's contract prices apply. */
    public static final String CONTRACT_PRICING = "CONTRACT";

    public List<Order> map(String fileName, String partner, byte[] interchange) {
        EdifactInterchange read;
        try {
            read = EdifactInterchange.read(fileName, interchange);
        } catch (BadInputException e) {
            throw new MappingException(e.getMessage(), e);
        }
        List<List<Segment>> messages = read.messages();
        Segment unb = read.unb();
        if (messages.isEmpty()) {
            throw new MappingException("Interchange " + fileName + " holds no message");
        }
        Instant prepared = prepared(unb, fileName);
        List<String> problems = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        for (List<Segment> message : messages) {
            Order order = order(partner, message, prepared, fileName, problems);
            if (order != null) {
                orders.add(order);
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException("Interchange " + fileName + " rejected, " + problems.size() + " problem(s): " + String.join("; ", problems));
        }
        return orders;
    }

    private Order order(String partner, List<Segment> segments, Instant prepared, String fileName, List<String> problems) {
        Segment unh = segments.get(0);
        String ref = unh.get(1);
        String where = "message " + ref + ": ";
        if (!"ORDERS".equals(unh.get(2, 1))) {
            problems.add(where + "is " + unh.get(2, 1) + ", not ORDERS");
            return null;
        }
        int before = problems.size();
        String number = null;
        String function = null;
        Instant documentDate = null;
        String delivery = null;
        String currency = null;
        Party buyer = null;
        Party shipTo = null;
        Party billTo = null;
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        List<OrderLine> lines = new ArrayList<>();
        LineDraft line = null;
        List<LineDraft> drafts = new ArrayList<>();
        for (Segment s : segments) {
            switch (s.tag()) {
                case "BGM" -> {
                    number = s.get(2);
                    function = s.get(3);
                }
                case "DTM" -> {
                    String qualifier = s.get(1, 1);
                    if ("137".equals(qualifier)) {
                        documentDate = date(s, where, problems);
                    } else if ("2".equals(qualifier) || "63".equals(qualifier) || "64".equals(qualifier)) {
                        Instant d = date(s, where, problems);
                        if (d != null && line == null) {
                            delivery = delivery == null ? d.toString() : delivery;
                        }
                    }
                }
                case "CUX" -> currency = s.get(1, 2);
                case "NAD" -> {
                    Party party = party(s);
                    switch (s.get(1) == null ? "" : s.get(1)) {
                        case "BY" -> buyer = party;
                        case "DP", "ST" -> shipTo = party;
                        case "IV" -> billTo = party;
                        default -> extensions.put("party" + s.get(1), TextNode.valueOf(party.gln() != null ? party.gln() : String.valueOf(party.name())));
                    }
                }
                case "LIN" -> {
                    line = new LineDraft(s.get(1), s.get(3, 1), s.get(3, 2));
                    drafts.add(line);
                }
                case "PIA" -> {
                    if (line != null) {
                        line.refs.put(s.get(2, 2) == null ? "article" : s.get(2, 2), s.get(2, 1));
                    }
                }
                case "IMD" -> {
                    if (line != null && line.description == null) {
                        String text = s.get(3, 4);
                        String more = s.get(3, 5);
                        line.description = text == null ? null : more == null ? text : text + " " + more;
                    }
                }
                case "QTY" -> {
                    if (line != null && "21".equals(s.get(1, 1))) {
                        line.qty = s.get(1, 2);
                    }
                }
                case "PRI" -> {
                    if (line != null && ("AAA".equals(s.get(1, 1)) || (line.price == null && "AAB".equals(s.get(1, 1))))) {
                        line.price = s.get(1, 2);
                    }
                }
                default -> {
                    // kept in the raw payload
                }
            }
        }
        if (number == null) {
            problems.add(where + "BGM carries no document number");
        }
        if (currency == null) {
            currency = defaultCurrency;
        }
        if (currency == null || !IsoCodes.isCurrency(currency)) {
            problems.add(where + "no currency: neither a CUX segment nor a contract currency for this partner");
        }
        if (drafts.isEmpty()) {
            problems.add(where + "has no LIN lines");
        }
        for (LineDraft d : drafts) {
            OrderLine l = d.toLine(number, currency, where, problems);
            if (l != null) {
                lines.add(l);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        boolean priced = lines.stream().allMatch(l -> l.lineTotal() != null);
        MoneySet subtotal = priced ? lines.stream().map(OrderLine::lineTotal).reduce(MoneySet::plus).orElseThrow() : null;
        if (!priced) {
            extensions.put("pricing", TextNode.valueOf(CONTRACT_PRICING));
        }
        ArrayNode raw = JsonNodeFactory.instance.arrayNode();
        segments.forEach(s -> raw.add(s.toJson()));
        extensions.put("sourceFile", TextNode.valueOf(fileName));
        extensions.put("messageFunction", TextNode.valueOf(function == null ? "" : function));
        extensions.put("messageType", TextNode.valueOf(String.join(":", unhVersion(unh))));
        if (delivery != null) {
            extensions.put("requestedDeliveryDate", TextNode.valueOf(delivery));
        }
        // BGM message function 1 (cancellation) and 3 (deletion) withdraw the order
        boolean withdrawn = "1".equals(function) || "3".equals(function);
        return new Order(Order.SCHEMA_VERSION, Order.idFor(WholesaleChannels.WHOLESALE_EDIFACT, partner, number), WholesaleChannels.WHOLESALE_EDIFACT,
                partner, null, number, number, documentDate, prepared, withdrawn ? prepared : null,
                withdrawn ? OrderStatus.CANCELLED : OrderStatus.OPEN, null, FulfillmentStatus.UNFULFILLED, Map.of(), null,
                currency, currency, subtotal, null, null, null, subtotal, null, buyer, shipTo, billTo, lines,
                String.join(":", unhVersion(unh)), extensions, raw);
    }

    /** A LIN group being read. */
    private static final class LineDraft {
        final String lineNo;
        final String itemNumber;
        /** 7143 item type of the LIN number: EN (GTIN), SA (the supplier's article number, i.e. our SKU), ... */
        final String itemType;
        final boolean gtin;
        final Map<String, String> refs = new LinkedHashMap<>();
        String description;
        String qty;
        String price;

        LineDraft(String lineNo, String itemNumber, String itemType) {
            this.lineNo = lineNo;
            this.itemNumber = itemNumber;
            this.itemType = itemType;
            this.gtin = "EN".equals(itemType);
        }

        OrderLine toLine(String order, String currency, String where, List<String> problems) {
            String at = where + "LIN " + lineNo + ": ";
            int before = problems.size();
            if (gtin && itemNumber != null && !Gs1.validCheckDigit(itemNumber, itemNumber.length())) {
                problems.add(at + "GTIN " + itemNumber + " has a wrong check digit");
            }
            int quantity = 0;
            try {
                BigDecimal q = new BigDecimal(qty == null ? "" : qty);
                quantity = q.intValueExact();
                if (quantity <= 0) {
                    problems.add(at + "QTY+21 " + qty + " is not positive");
                }
            } catch (ArithmeticException | NumberFormatException e) {
                problems.add(at + "QTY+21 '" + qty + "' is not a whole number");
            }
            Money unit = null;
            if (price != null && currency != null && IsoCodes.isCurrency(currency)) {
                try {
                    unit = Money.of(price, currency);
                } catch (RuntimeException e) {
                    problems.add(at + "price " + price + ": " + e.getMessage());
                }
            }
            if (problems.size() > before || price != null && unit == null) {
                return null;
            }
            Map<String, String> productRefs = new LinkedHashMap<>();
            if (itemNumber != null) {
                productRefs.put(gtin ? "gtin" : "itemNumber", itemNumber);
            }
            refs.forEach((k, v) -> productRefs.put("pia" + k, v));
            // our SKU is the supplier's article number: PIA ...:SA, else a LIN number of type SA, else the buyer's IN
            String sku = refs.getOrDefault("SA", "SA".equals(itemType) && itemNumber != null ? itemNumber : refs.get("IN"));
            // without PRI the contract's prices apply: the line carries none, and the order waits for them to be confirmed
            MoneySet unitPrice = unit == null ? null : MoneySet.single(unit);
            MoneySet total = unitPrice == null ? null : unitPrice.times(quantity);
            MoneySet zero = MoneySet.single(Money.zero(Currency.getInstance(currency)));
            return new OrderLine(order + "/" + lineNo, sku, productRefs, description, quantity, 0, 0, 0, unitPrice, total, zero,
                    null, total, null, Map.of());
        }
    }

    /** NAD: 3035 qualifier, C082 party id (GLN when agency 9), C058 name and address, C080 name, C059 street, city, region, postcode, country. */
    private static Party party(Segment nad) {
        String gln = "9".equals(nad.get(2, 3)) ? nad.get(2, 1) : null;
        String name = nad.get(4, 1) != null ? nad.get(4, 1) : nad.get(3, 1);
        List<String> lines = new ArrayList<>();
        for (int c = 1; c <= 4; c++) {
            String street = nad.get(5, c);
            if (street != null) {
                lines.add(street);
            }
        }
        Address address = nad.get(6) == null && lines.isEmpty() && nad.get(9) == null ? null
                : new Address(lines, nad.get(6), null, nad.get(7), null, nad.get(8), nad.get(9), null);
        PartyRole role = switch (nad.get(1) == null ? "" : nad.get(1)) {
            case "BY" -> PartyRole.BUYER;
            case "DP", "ST" -> PartyRole.SHIP_TO;
            case "IV" -> PartyRole.BILL_TO;
            case "SU" -> PartyRole.SUPPLIER;
            default -> PartyRole.DELIVERY_POINT;
        };
        return new Party(role, gln != null ? gln : nad.get(2, 1), name, null, null, name, null, null, null, gln, address, false);
    }

    /** DTM date in format 102 (CCYYMMDD), 203 (CCYYMMDDHHMM) or 204 (with seconds), as UTC. */
    private static Instant date(Segment dtm, String where, List<String> problems) {
        String value = dtm.get(1, 2);
        String format = dtm.get(1, 3) == null ? "102" : dtm.get(1, 3);
        try {
            return switch (format) {
                case "102" -> LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
                case "203" -> LocalDateTime.parse(value, DateTimeFormatter.ofPattern("yyyyMMddHHmm")).toInstant(ZoneOffset.UTC);
                case "204" -> LocalDateTime.parse(value, DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC);
                default -> {
                    problems.add(where + "DTM+" + dtm.get(1, 1) + " has date format " + format + ", which is not read");
                    yield null;
                }
            };
        } catch (DateTimeParseException | NullPointerException e) {
            problems.add(where + "DTM+" + dtm.get(1, 1) + " '" + value + "' is not a format " + format + " date");
            return null;
        }
    }

    /** UNB date and time of preparation (YYMMDD:HHMM, or CCYYMMDD from syntax version 4): the version of its orders. */
    private static Instant prepared(Segment unb, String fileName) {
        String date = unb.get(4, 1);
        String time = unb.get(4, 2);
        try {
            String pattern = date.length() == 8 ? "yyyyMMddHHmm" : "yyMMddHHmm";
            return LocalDateTime.parse(date + (time == null ? "0000" : time), DateTimeFormatter.ofPattern(pattern)).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new MappingException("Interchange " + fileName + ": UNB date/time '" + date + ":" + time + "' cannot be read", e);
        }
    }

    private static List<String> unhVersion(Segment unh) {
        List<String> parts = new ArrayList<>();
        for (int c = 1; c <= 5; c++) {
            if (unh.get(2, c) != null) {
                parts.add(unh.get(2, c));
            }
        }
        return parts;
    }

}
