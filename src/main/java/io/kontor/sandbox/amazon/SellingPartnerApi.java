package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.platform.Digests;
import io.kontor.sandbox.LeakyBucket;

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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulated Selling Partner API, Orders v0 and the Tokens API (channel-contracts.md §2): LWA access tokens in
 * {@code x-amz-access-token} (a SigV4 {@code Authorization} header is accepted and ignored), a token bucket per
 * operation with {@code x-amzn-RateLimit-Limit} and 429 QuotaExceeded, getOrders' parameter rules (exactly one of
 * CreatedAfter/LastUpdatedAfter, …Before at least two minutes ago, MaxResultsPerPage 1–100, a NextToken valid only
 * with the parameters it was issued for), and PII — full ShippingAddress and BuyerInfo — only with a Restricted Data
 * Token that names them. Errors have the API's {@code {"errors":[{code, message, details}]}} shape.
 */
public final class SellingPartnerApi {

    /** The documented default rate (requests/s) and burst of each operation. */
    public enum Operation {
        GET_ORDERS(0.0167, 20), GET_ORDER(0.5, 30), GET_ORDER_ITEMS(0.5, 30), CONFIRM_SHIPMENT(2, 10), CREATE_RESTRICTED_DATA_TOKEN(1, 10),
        /** Orders v2026-01-01. */
        SEARCH_ORDERS(0.0056, 20), GET_ORDER_2026(0.5, 30);

        final double rate;
        final int burst;

        Operation(double rate, int burst) {
            this.rate = rate;
            this.burst = burst;
        }
    }

    public record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers, String body) {

        public Request {
            Map<String, String> lower = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (headers != null) {
                lower.putAll(headers);
            }
            headers = lower;
            query = query == null ? Map.of() : query;
        }

        String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** A list parameter, comma-separated or repeated. */
        List<String> list(String name) {
            List<String> out = new ArrayList<>();
            for (String v : query.getOrDefault(name, List.of())) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
            return out;
        }
    }

    public record Response(int status, Map<String, String> headers, Object body) {
    }

    static final Duration TWO_MINUTES = Duration.ofMinutes(2);
    private static final Duration HISTORY = Duration.ofDays(730);
    private static final int ITEMS_PER_PAGE = 20;
    private static final Set<String> SHIPPING_ADDRESS_STATUSES = Set.of("Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed");
    private static final Set<String> PUBLIC_ADDRESS_FIELDS = Set.of("City", "StateOrRegion", "PostalCode", "CountryCode");
    private static final Set<String> DATA_ELEMENTS = Set.of("buyerInfo", "shippingAddress", "buyerTaxInformation");
    static final String SEARCH_PATH = "/orders/2026-01-01/orders";
    private static final List<String> RESTRICTED_PATHS = List.of("/orders/v0/orders", "/orders/v0/orders/{orderId}",
            "/orders/v0/orders/{orderId}/address", "/orders/v0/orders/{orderId}/buyerInfo", "/orders/v0/orders/{orderId}/orderItems",
            "/orders/v0/orders/{orderId}/orderItems/buyerInfo");
    private static final Pattern ORDER_2026 = Pattern.compile(SEARCH_PATH + "/([^/]+)");
    private static final Pattern ORDER = Pattern.compile("/orders/v0/orders/([^/]+)");
    private static final Pattern ORDER_ITEMS = Pattern.compile("/orders/v0/orders/([^/]+)/orderItems");
    private static final Pattern SHIPMENT_CONFIRMATION = Pattern.compile("/orders/v0/orders/([^/]+)/shipmentConfirmation");
    private static final Pattern PACKAGE_REFERENCE = Pattern.compile("[1-9][0-9]{0,17}");

    private final SandboxAmazonSeller seller;
    private final SandboxLoginWithAmazon lwa;
    private final boolean restrictedRolesGranted;
    private Duration visibleAfter = TWO_MINUTES;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final double rateScale;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Operation, LeakyBucket> buckets = new ConcurrentHashMap<>();
    private final Map<Operation, FaultPlan> faults = new ConcurrentHashMap<>();
    /** Confirmed packages per order, by packageReferenceId: the natural key that makes a repeated confirmation harmless. */
    private final Map<String, Map<String, JsonNode>> packages = new ConcurrentHashMap<>();

    private record FaultPlan(int status, AtomicInteger remaining) {
    }

    /**
     * @param rateScale multiplies every operation's documented rate (a seller's usage plan can be higher; the
     *                  header reports the rate in force, as Amazon's does)
     */
    public SellingPartnerApi(SandboxAmazonSeller seller, SandboxLoginWithAmazon lwa, boolean restrictedRolesGranted, double rateScale,
                             Clock clock, LongSupplier nanoClock) {
        this.seller = seller;
        this.lwa = lwa;
        this.restrictedRolesGranted = restrictedRolesGranted;
        this.rateScale = rateScale;
        this.clock = clock;
        this.nanoClock = nanoClock;
    }

    /**
     * How long after a change the searches show it (Amazon: about two minutes; the answer's LastUpdatedBefore says up
     * to when it has all changes). getOrder shows an order at once.
     */
    public SellingPartnerApi visibleAfter(Duration delay) {
        this.visibleAfter = delay;
        return this;
    }

    /** The next {@code count} calls of an operation answer {@code status} (a 5xx storm, a throttling storm). */
    public void injectFaults(Operation operation, int status, int count) {
        faults.put(operation, new FaultPlan(status, new AtomicInteger(count)));
    }

    public double rateOf(Operation operation) {
        return operation.rate * rateScale;
    }

    public Response handle(Request request) {
        String path = request.path();
        if ("GET".equals(request.method()) && "/orders/v0/orders".equals(path)) {
            return call(Operation.GET_ORDERS, request, grant -> getOrders(request, grant));
        }
        if ("GET".equals(request.method()) && SEARCH_PATH.equals(path)) {
            return call(Operation.SEARCH_ORDERS, request, grant -> searchOrders(request, grant));
        }
        Matcher order2026 = ORDER_2026.matcher(path);
        if ("GET".equals(request.method()) && order2026.matches()) {
            return call(Operation.GET_ORDER_2026, request, grant -> getOrder2026(request, order2026.group(1), grant, path));
        }
        Matcher items = ORDER_ITEMS.matcher(path);
        if ("GET".equals(request.method()) && items.matches()) {
            return call(Operation.GET_ORDER_ITEMS, request, grant -> getOrderItems(request, items.group(1)));
        }
        Matcher order = ORDER.matcher(path);
        if ("GET".equals(request.method()) && order.matches()) {
            return call(Operation.GET_ORDER, request, grant -> getOrder(order.group(1), grant, path));
        }
        Matcher confirmation = SHIPMENT_CONFIRMATION.matcher(path);
        if ("POST".equals(request.method()) && confirmation.matches()) {
            return call(Operation.CONFIRM_SHIPMENT, request, grant -> confirmShipment(request, confirmation.group(1)));
        }
        if ("POST".equals(request.method()) && "/tokens/2021-03-01/restrictedDataToken".equals(path)) {
            return call(Operation.CREATE_RESTRICTED_DATA_TOKEN, request, grant -> grant.isRestricted()
                    ? error(400, "InvalidInput", "A Restricted Data Token cannot be used to get a Restricted Data Token.", "")
                    : restrictedDataToken(request));
        }
        return error(404, "NotFound", "The resource specified does not exist.", request.method() + " " + path);
    }

    private interface Handler {
        Response handle(SandboxLoginWithAmazon.Grant grant);
    }

    /** Authentication, then the operation's bucket, then the operation; every answer carries a request id. */
    private Response call(Operation operation, Request request, Handler handler) {
        SandboxLoginWithAmazon.Grant grant = lwa.grant(request.headers().get("x-amz-access-token"));
        Response answer;
        if (grant == null) {
            answer = error(403, "Unauthorized", "Access to requested resource is denied.",
                    "The access token you provided is revoked, malformed or invalid.");
        } else if (lwa.isExpired(grant)) {
            answer = error(403, "Unauthorized", "Access to requested resource is denied.", "The access token you provided has expired.");
        } else if (grant.isRestricted() && !grant.covers(request.path())) {
            answer = error(403, "Unauthorized", "Access to requested resource is denied.",
                    "The Restricted Data Token does not cover " + request.path() + ".");
        } else if (!bucket(operation).tryTake(1, nanoClock.getAsLong())) {
            answer = error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.", "");
        } else {
            Response injected = injected(operation);
            answer = injected != null ? injected : withRateLimit(handler.handle(grant), operation);
        }
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
        return new Response(answer.status(), headers, answer.body());
    }

    private Response injected(Operation operation) {
        FaultPlan plan = faults.get(operation);
        if (plan == null || plan.remaining().getAndDecrement() <= 0) {
            return null;
        }
        return plan.status() == 429
                ? error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.", "")
                : error(plan.status(), "InternalFailure", "We encountered an internal error. Please try again.", "");
    }

    private Response withRateLimit(Response r, Operation operation) {
        Map<String, String> headers = new LinkedHashMap<>(r.headers());
        headers.put("x-amzn-RateLimit-Limit", String.valueOf(rateOf(operation)));
        return new Response(r.status(), headers, r.body());
    }

    private LeakyBucket bucket(Operation operation) {
        return buckets.computeIfAbsent(operation, o -> new LeakyBucket(o.burst, rateOf(o), nanoClock.getAsLong()));
    }

    // ---- getOrders ------------------------------------------------------------------------------

    private Response getOrders(Request request, SandboxLoginWithAmazon.Grant grant) {
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

    // ---- Orders v2026-01-01 ----------------------------------------------------------------------

    /**
     * searchOrders: the same window rules as getOrders under camelCase names; items inline; the datasets the request
     * names in includedData. A paginationToken is bound to the original parameters except maxResultsPerPage and
     * includedData, which may change between pages (as the spec allows), and expires after 24 hours.
     */
    private Response searchOrders(Request request, SandboxLoginWithAmazon.Grant grant) {
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
                .map(o -> Orders2026View.render(o, included, pii, packagesOf(o.id()))).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orders", page);
        if (found.more()) {
            body.put("pagination", Map.of("nextToken", new PageToken(signature, found.last().at(), found.last().id(), upper).encode()));
        }
        body.put(w.byUpdate() ? "lastUpdatedBefore" : "createdBefore", upper.toString());
        return ok(body);
    }

    private Response getOrder2026(Request request, String orderId, SandboxLoginWithAmazon.Grant grant, String path) {
        Set<String> included = new LinkedHashSet<>(request.list("includedData"));
        if (!Orders2026View.INCLUDED_DATA.containsAll(included)) {
            return invalid("includedData must name datasets of " + new java.util.TreeSet<>(Orders2026View.INCLUDED_DATA) + ".");
        }
        return seller.get(orderId)
                .map(o -> ok(Map.of("order", Orders2026View.render(o, included, restrictedRolesGranted,
                        packagesOf(orderId)))))
                .orElseGet(() -> error(404, "NotFound", "The resource specified does not exist.", "Order " + orderId));
    }

    private Response getOrder(String orderId, SandboxLoginWithAmazon.Grant grant, String path) {
        return seller.get(orderId)
                .map(o -> ok(Map.of("payload", view(o.order(), grant.dataElementsFor(path).contains("shippingAddress"),
                        grant.dataElementsFor(path).contains("buyerInfo")))))
                .orElseGet(() -> error(404, "NotFound", "The resource specified does not exist.", "Order " + orderId));
    }

    private Response getOrderItems(Request request, String orderId) {
        var stored = seller.get(orderId);
        if (stored.isEmpty()) {
            return error(404, "NotFound", "The resource specified does not exist.", "Order " + orderId);
        }
        List<Map<String, Object>> items = stored.get().items();
        int offset = 0;
        String nextToken = request.param("NextToken");
        if (nextToken != null) {
            PageToken token = PageToken.decode(nextToken);
            if (token == null || !token.signature().equals(orderId)) {
                return invalid("Invalid NextToken.");
            }
            offset = Integer.parseInt(token.id());
        }
        int end = Math.min(items.size(), offset + ITEMS_PER_PAGE);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("AmazonOrderId", orderId);
        List<Map<String, Object>> page = new ArrayList<>();
        for (Map<String, Object> item : items.subList(Math.min(offset, end), end)) {
            Map<String, Object> shown = new LinkedHashMap<>(item);
            shown.keySet().removeIf(k -> k.startsWith("_")); // the generator's bookkeeping
            page.add(shown);
        }
        payload.put("OrderItems", page);
        if (end < items.size()) {
            payload.put("NextToken", new PageToken(orderId, Instant.EPOCH, String.valueOf(end), Instant.EPOCH).encode());
        }
        return ok(Map.of("payload", payload));
    }

    /** The order as the caller may see it: without an RDT, the address keeps only city, region, postcode and country. */
    // ---- confirmShipment ------------------------------------------------------------------------

    /** The packages confirmed for an order, by packageReferenceId, as the seller sent them. */
    public Map<String, JsonNode> packagesOf(String orderId) {
        return Map.copyOf(packages.getOrDefault(orderId, Map.of()));
    }

    /**
     * One package of a seller-fulfilled order shipped: the items' QuantityShipped grow and the order becomes
     * PartiallyShipped or Shipped. (orderId, packageReferenceId) is the natural key: the same package again is
     * accepted and changes nothing; another package under a used reference is refused.
     */
    private Response confirmShipment(Request request, String orderId) {
        if (seller.get(orderId).isEmpty()) {
            return error(404, "NotFound", "The resource specified does not exist.", "Order " + orderId + " was not found.");
        }
        JsonNode body;
        try {
            body = json.readTree(request.body() == null ? "" : request.body());
        } catch (java.io.IOException e) {
            return invalid("The request body is not valid JSON.");
        }
        if (body == null || !body.isObject() || !body.path("marketplaceId").isTextual()) {
            return invalid("marketplaceId is required.");
        }
        JsonNode p = body.path("packageDetail");
        if (!p.isObject()) {
            return invalid("packageDetail is required.");
        }
        JsonNode reference = p.get("packageReferenceId");
        if (reference == null || !reference.isTextual()) {
            return invalid("packageReferenceId must be a string.");
        }
        if (!PACKAGE_REFERENCE.matcher(reference.asText()).matches()) {
            return invalid("packageReferenceId must contain a positive number: " + reference.asText());
        }
        for (String field : List.of("carrierCode", "trackingNumber", "shipDate")) {
            if (!p.path(field).isTextual() || p.path(field).asText().isBlank()) {
                return invalid(field + " is required.");
            }
        }
        if ("Other".equals(p.get("carrierCode").asText()) && p.path("carrierName").asText("").isBlank()) {
            return invalid("carrierName is required when carrierCode is Other.");
        }
        try {
            parseDate(p.get("shipDate").asText());
        } catch (DateTimeParseException e) {
            return invalid("shipDate is not an ISO 8601 date-time: " + p.get("shipDate").asText());
        }
        Map<String, Integer> quantities = new LinkedHashMap<>();
        if (!p.path("orderItems").isArray() || p.path("orderItems").isEmpty()) {
            return invalid("orderItems must name at least one order item.");
        }
        for (JsonNode item : p.get("orderItems")) {
            if (!item.path("orderItemId").isTextual() || !item.path("quantity").isInt() || item.get("quantity").asInt() < 1) {
                return invalid("Each order item needs an orderItemId and a positive quantity: " + item);
            }
            quantities.merge(item.get("orderItemId").asText(), item.get("quantity").asInt(), Integer::sum);
        }
        synchronized (seller) {
            SandboxAmazonSeller.StoredOrder current = seller.get(orderId).orElseThrow();
            JsonNode before = packages.getOrDefault(orderId, Map.of()).get(reference.asText());
            if (before != null) {
                return before.equals(p) ? new Response(204, Map.of(), null)
                        : invalid("packageReferenceId " + reference.asText() + " was already confirmed for order " + orderId + " with other contents.");
            }
            if (!body.get("marketplaceId").asText().equals(current.order().get("MarketplaceId"))) {
                return invalid("marketplaceId " + body.get("marketplaceId").asText() + " is not the marketplace of order " + orderId + ".");
            }
            String status = (String) current.order().get("OrderStatus");
            if (!"MFN".equals(current.order().get("FulfillmentChannel")) || !Set.of("Unshipped", "PartiallyShipped").contains(status)) {
                return invalid("Order " + orderId + " (" + current.order().get("FulfillmentChannel") + ", " + status
                        + ") cannot take a shipment confirmation.");
            }
            List<Map<String, Object>> items = new ArrayList<>();
            current.items().forEach(i -> items.add(new LinkedHashMap<>(i)));
            for (Map.Entry<String, Integer> q : quantities.entrySet()) {
                Map<String, Object> item = items.stream().filter(i -> q.getKey().equals(i.get("OrderItemId"))).findFirst().orElse(null);
                if (item == null) {
                    return invalid("Order item " + q.getKey() + " is not part of order " + orderId + ".");
                }
                int open = ((Number) item.get("QuantityOrdered")).intValue() - ((Number) item.get("QuantityShipped")).intValue();
                if (q.getValue() > open) {
                    return invalid("Quantity " + q.getValue() + " exceeds the " + open + " unshipped units of order item " + q.getKey() + ".");
                }
                item.put("QuantityShipped", ((Number) item.get("QuantityShipped")).intValue() + q.getValue());
            }
            Map<String, Object> order = new LinkedHashMap<>(current.order());
            boolean all = items.stream().allMatch(i -> ((Number) i.get("QuantityShipped")).intValue() >= ((Number) i.get("QuantityOrdered")).intValue());
            order.put("OrderStatus", all ? "Shipped" : "PartiallyShipped");
            order.put("LastUpdateDate", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            AmazonTrafficGenerator.setQuantities(order, items);
            seller.put(order, items);
            packages.computeIfAbsent(orderId, k -> new ConcurrentHashMap<>()).put(reference.asText(), p);
        }
        return new Response(204, Map.of(), null);
    }

    private static Map<String, Object> view(Map<String, Object> order, boolean fullAddress, boolean buyerInfo) {
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

    // ---- Tokens API -----------------------------------------------------------------------------

    private Response restrictedDataToken(Request request) {
        JsonNode body;
        try {
            body = json.readTree(request.body() == null ? "" : request.body());
        } catch (Exception e) {
            return invalid("The request body is not valid JSON.");
        }
        JsonNode resources = body == null ? null : body.path("restrictedResources");
        if (resources == null || !resources.isArray() || resources.isEmpty() || resources.size() > 50) {
            return invalid("restrictedResources must list 1 to 50 resources.");
        }
        Map<String, Set<String>> granted = new LinkedHashMap<>();
        Set<String> refused = new LinkedHashSet<>();
        for (JsonNode r : resources) {
            String method = r.path("method").asText("");
            String path = r.path("path").asText("");
            if (!"GET".equals(method) || RESTRICTED_PATHS.stream().noneMatch(p -> path.equals(p) || path.matches(p.replaceAll("\\{[^}]+}", "[^/{}]+")))) {
                return invalid("Resource " + method + " " + path + " is not a restricted operation.");
            }
            Set<String> elements = new LinkedHashSet<>();
            r.path("dataElements").forEach(d -> elements.add(d.asText()));
            for (String element : elements) {
                if (!DATA_ELEMENTS.contains(element)) {
                    return invalid("Unknown data element " + element + ".");
                }
            }
            if (!restrictedRolesGranted) {
                refused.addAll(elements);
            }
            granted.put(path, elements);
        }
        if (!refused.isEmpty()) {
            return error(400, "InvalidInput",
                    "Application does not have access to one or more requested data elements: " + refused, "");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("restrictedDataToken", lwa.issueRestrictedDataToken(granted));
        answer.put("expiresIn", lwa.restrictedDataTokenSeconds());
        return ok(answer);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Instant parseDate(String s) {
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

    private record PageToken(String signature, Instant at, String id, Instant upper) {

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

    private static Response ok(Object body) {
        return new Response(200, Map.of("Content-Type", "application/json"), body);
    }

    private static Response invalid(String details) {
        return error(400, "InvalidInput", "The input you have submitted is not valid. Please check your input and try again.", details);
    }

    static Response error(int status, String code, String message, String details) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        e.put("details", details);
        return new Response(status, Map.of("Content-Type", "application/json"), Map.of("errors", List.of(e)));
    }
}
