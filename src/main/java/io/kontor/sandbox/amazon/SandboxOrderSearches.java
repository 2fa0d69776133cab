package io.kontor.sandbox.amazon;

import io.kontor.platform.Digests;
import io.kontor.sandbox.amazon.SellingPartnerApi.Request;
import io.kontor.sandbox.amazon.SellingPartnerApi.Response;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.kontor.sandbox.amazon.SellingPartnerApi.invalid;
import static io.kontor.sandbox.amazon.SellingPartnerApi.ok;

/**
 * The seller's order searches, Orders v0 {@code getOrders} and v2026-01-01 {@code searchOrders}: the window rules both
 * check alike (exactly one of created/updated after, the upper bound at least two minutes ago, page sizes 1–100), changes
 * visible only {@code visibleAfter} after they happen, two years of history, and page tokens bound to the parameters
 * they were issued for. v0 shows personal data only with a Restricted Data Token that names it; v2026 with the roles
 * the seller approved for the app.
 */
final class SandboxOrderSearches {

    private static final Duration HISTORY = Duration.ofDays(730);
    private static final Set<String> SHIPPING_ADDRESS_STATUSES = Set.of("Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed");
    private static final Set<String> PUBLIC_ADDRESS_FIELDS = Set.of("City", "StateOrRegion", "PostalCode", "CountryCode");
    private static final Duration TWO_MINUTES = SellingPartnerApi.TWO_MINUTES;

    private final SandboxAmazonSeller seller;
    private final SandboxShipmentConfirmations shipments;
    private final boolean restrictedRolesGranted;
    private final Clock clock;
    private volatile Duration visibleAfter = TWO_MINUTES;

    SandboxOrderSearches(SandboxAmazonSeller seller, SandboxShipmentConfirmations shipments, boolean restrictedRolesGranted, Clock clock) {
        this.seller = seller;
        this.shipments = shipments;
        this.restrictedRolesGranted = restrictedRolesGranted;
        this.clock = clock;
    }

    void visibleAfter(Duration delay) {
        this.visibleAfter = delay;
    }

    Response getOrders(Request request, SandboxLoginWithAmazon.Grant grant) {
        Instant now = clock.instant();
        List<String> marketplaces = request.list("MarketplaceIds");
        if (marketplaces.isEmpty()) {
            return invalid("MarketplaceIds is required.");
        }
        if (marketplaces.size() > 50) {
            return invalid("At most 50 MarketplaceIds are allowed.");
        }
        Window w = window(request, V0_WINDOW, now);
        if (w.refused() != null) {
            return w.refused();
        }
        List<String> statuses = request.list("OrderStatuses");
        List<String> fulfillmentChannels = request.list("FulfillmentChannels");

        String signature = signature(request);
        SandboxAmazonSeller.Key position = null;
        Instant upper = w.before() == null ? now.minus(visibleAfter) : w.before();
        String nextToken = request.param("NextToken");
        if (nextToken != null) {
            PageToken token = PageToken.decode(nextToken);
            if (token == null || !token.signature().equals(signature)) {
                // the token does not carry the filters: it is valid only with the parameters it was issued for
                return invalid("Invalid NextToken, or the request parameters differ from those of the request that returned it.");
            }
            position = new SandboxAmazonSeller.Key(token.at(), token.id());
            upper = token.upper();
        }
        boolean full = grant.dataElementsFor("/orders/v0/orders").contains("shippingAddress");
        boolean buyer = grant.dataElementsFor("/orders/v0/orders").contains("buyerInfo");
        Page found = page(w, now, position, upper, o -> marketplaces.contains((String) o.get("MarketplaceId"))
                && (statuses.isEmpty() || statuses.contains((String) o.get("OrderStatus")))
                && (fulfillmentChannels.isEmpty() || fulfillmentChannels.contains((String) o.get("FulfillmentChannel"))));
        List<Map<String, Object>> page = found.orders().stream().map(o -> view(o.order(), full, buyer)).toList();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("Orders", page);
        if (found.more()) {
            payload.put("NextToken", new PageToken(signature, found.last().at(), found.last().id(), upper).encode());
        }
        payload.put(w.byUpdate() ? "LastUpdatedBefore" : "CreatedBefore", upper.toString());
        return ok(Map.of("payload", payload));
    }

    /** What one Orders API version calls the window and page size of a search. */
    private record WindowNames(String createdAfter, String createdBefore, String updatedAfter, String updatedBefore, String pageSize) {
    }

    private static final WindowNames V0_WINDOW = new WindowNames("CreatedAfter", "CreatedBefore", "LastUpdatedAfter", "LastUpdatedBefore",
            "MaxResultsPerPage");
    private static final WindowNames V2026_WINDOW = new WindowNames("createdAfter", "createdBefore", "lastUpdatedAfter", "lastUpdatedBefore",
            "maxResultsPerPage");

    /** A search window both versions check alike: by creation or by update, its bounds, the page size — or the 400 saying why not. */
    private record Window(boolean byUpdate, Instant after, Instant before, int pageSize, Response refused) {

        static Window refused(String details) {
            return new Window(false, null, null, 0, invalid(details));
        }
    }

    private static Window window(Request request, WindowNames n, Instant now) {
        String createdAfter = request.param(n.createdAfter());
        String updatedAfter = request.param(n.updatedAfter());
        if ((createdAfter == null) == (updatedAfter == null)) {
            return Window.refused("Exactly one of " + n.createdAfter() + " and " + n.updatedAfter() + " must be specified.");
        }
        boolean byUpdate = updatedAfter != null;
        if (byUpdate && request.param(n.createdBefore()) != null) {
            return Window.refused(n.createdBefore() + " cannot be set when " + n.updatedAfter() + " is set.");
        }
        if (!byUpdate && request.param(n.updatedBefore()) != null) {
            return Window.refused(n.updatedBefore() + " cannot be set when " + n.createdAfter() + " is set.");
        }
        String afterName = byUpdate ? n.updatedAfter() : n.createdAfter();
        String beforeName = byUpdate ? n.updatedBefore() : n.createdBefore();
        Instant after;
        Instant before;
        try {
            after = parseDate(byUpdate ? updatedAfter : createdAfter);
            before = request.param(beforeName) == null ? null : parseDate(request.param(beforeName));
        } catch (DateTimeParseException e) {
            return Window.refused("Dates must be in ISO 8601 format: " + e.getParsedString());
        }
        if (before != null && before.isAfter(now.minus(TWO_MINUTES))) {
            return Window.refused(beforeName + " must be at least two minutes before the time of the request.");
        }
        if (before != null && before.isBefore(after)) {
            return Window.refused(beforeName + " must be equal to or after " + afterName + ".");
        }
        if (after.isAfter(now)) {
            return Window.refused(afterName + " is in the future.");
        }
        int pageSize;
        try {
            pageSize = request.param(n.pageSize()) == null ? 100 : Integer.parseInt(request.param(n.pageSize()));
        } catch (NumberFormatException e) {
            pageSize = 0;
        }
        if (pageSize < 1 || pageSize > 100) {
            return Window.refused(n.pageSize() + " must be a number from 1 to 100.");
        }
        return new Window(byUpdate, after, before, pageSize, null);
    }

    /** One page of the seller's orders in the window: after {@code position}, up to {@code upper}, those {@code wanted}. */
    private record Page(List<SandboxAmazonSeller.StoredOrder> orders, SandboxAmazonSeller.Key last, boolean more) {
    }

    private Page page(Window w, Instant now, SandboxAmazonSeller.Key position, Instant upper,
                      java.util.function.Predicate<Map<String, Object>> wanted) {
        Instant floor = now.minus(HISTORY);
        List<SandboxAmazonSeller.StoredOrder> page = new ArrayList<>();
        SandboxAmazonSeller.Key last = null;
        for (Map.Entry<SandboxAmazonSeller.Key, SandboxAmazonSeller.StoredOrder> e
                : seller.scan(w.byUpdate(), w.after().isBefore(floor) ? floor : w.after(), position).entrySet()) {
            if (e.getKey().at().isAfter(upper)) {
                break;
            }
            if (!wanted.test(e.getValue().order())) {
                continue;
            }
            if (page.size() == w.pageSize()) {
                return new Page(page, last, true);
            }
            page.add(e.getValue());
            last = e.getKey();
        }
        return new Page(page, last, false);
    }

    /**
     * searchOrders: the same window rules as getOrders under camelCase names; items inline; the datasets the request
     * names in includedData. A paginationToken is bound to the original parameters except maxResultsPerPage and
     * includedData, which may change between pages (as the spec allows), and expires after 24 hours.
     */
    Response searchOrders(Request request, SandboxLoginWithAmazon.Grant grant) {
        Instant now = clock.instant();
        List<String> marketplaces = request.list("marketplaceIds");
        if (marketplaces.size() > 50) {
            return invalid("At most 50 marketplaceIds are allowed.");
        }
        Window w = window(request, V2026_WINDOW, now);
        if (w.refused() != null) {
            return w.refused();
        }
        Set<String> included = new LinkedHashSet<>(request.list("includedData"));
        List<String> statuses = request.list("fulfillmentStatuses");
        List<String> fulfilledBy = request.list("fulfilledBy");
        for (String d : included) {
            if (!Orders2026View.INCLUDED_DATA.contains(d)) {
                return invalid("includedData " + d + " is not one of " + new java.util.TreeSet<>(Orders2026View.INCLUDED_DATA) + ".");
            }
        }
        for (String st : statuses) {
            if (!Orders2026View.FULFILLMENT_STATUSES.contains(st)) {
                return invalid("fulfillmentStatuses " + st + " is not a FulfillmentStatus.");
            }
        }
        TreeMap<String, List<String>> bound = new TreeMap<>(request.query());
        bound.keySet().removeAll(Set.of("paginationToken", "maxResultsPerPage", "includedData"));
        String signature = Digests.sha256Hex(bound.toString()).substring(0, 32);
        SandboxAmazonSeller.Key position = null;
        Instant upper = w.before() == null ? now.minus(visibleAfter) : w.before();
        String token = request.param("paginationToken");
        if (token != null) {
            PageToken t = PageToken.decode(token);
            if (t == null || !t.signature().equals(signature) || t.upper().isBefore(now.minus(Duration.ofHours(24)))) {
                return invalid("Invalid or expired paginationToken, or the request parameters differ from those of the request that returned it.");
            }
            position = new SandboxAmazonSeller.Key(t.at(), t.id());
            upper = t.upper();
        }
        // v2026-01-01 takes no Restricted Data Token: personal data comes with the roles the seller approved for the app
        boolean pii = restrictedRolesGranted;
        Page found = page(w, now, position, upper, o -> (marketplaces.isEmpty() || marketplaces.contains((String) o.get("MarketplaceId")))
                && (statuses.isEmpty() || statuses.contains(Orders2026View.fulfillmentStatus((String) o.get("OrderStatus"))))
                && (fulfilledBy.isEmpty() || fulfilledBy.contains(Orders2026View.fulfilledBy((String) o.get("FulfillmentChannel")))));
        List<Map<String, Object>> page = found.orders().stream()
                .map(o -> Orders2026View.render(o, included, pii, shipments.packagesOf(o.id()))).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orders", page);
        if (found.more()) {
            body.put("pagination", Map.of("nextToken", new PageToken(signature, found.last().at(), found.last().id(), upper).encode()));
        }
        body.put(w.byUpdate() ? "lastUpdatedBefore" : "createdBefore", upper.toString());
        return ok(body);
    }

    static Map<String, Object> view(Map<String, Object> order, boolean fullAddress, boolean buyerInfo) {
        Map<String, Object> o = new LinkedHashMap<>(order);
        Object address = o.get("ShippingAddress");
        if (!SHIPPING_ADDRESS_STATUSES.contains((String) o.get("OrderStatus"))) {
            o.remove("ShippingAddress");
        } else if (!fullAddress && address instanceof Map<?, ?> a) {
            Map<String, Object> redacted = new LinkedHashMap<>();
            a.forEach((k, v) -> {
                if (PUBLIC_ADDRESS_FIELDS.contains((String) k)) {
                    redacted.put((String) k, v);
                }
            });
            o.put("ShippingAddress", redacted);
        }
        if (!buyerInfo) {
            o.remove("BuyerInfo");
        }
        return o;
    }

    static Instant parseDate(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
        }
    }

    /** The request's filters without the NextToken: what a NextToken is bound to. */
    private static String signature(Request request) {
        TreeMap<String, List<String>> filters = new TreeMap<>(request.query());
        filters.remove("NextToken");
        return Digests.sha256Hex(filters.toString()).substring(0, 32);
    }

    record PageToken(String signature, Instant at, String id, Instant upper) {

        String encode() {
            String raw = signature + "|" + at.toEpochMilli() + "|" + id + "|" + upper.toEpochMilli();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static PageToken decode(String token) {
            try {
                String[] p = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
                return p.length != 4 ? null
                        : new PageToken(p[0], Instant.ofEpochMilli(Long.parseLong(p[1])), p[2], Instant.ofEpochMilli(Long.parseLong(p[3])));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

}
