package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.sandbox.LeakyBucket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        SEARCH_ORDERS(0.0056, 20), GET_ORDER_2026(0.5, 30),
        /** Listings Items 2021-08-01 and FBA Inventory v1 (stock-and-payout-contracts.md §2.1, §2.4). */
        PATCH_LISTINGS_ITEM(5, 5), GET_LISTINGS_ITEM(5, 10), GET_INVENTORY_SUMMARIES(2, 2),
        /** Feeds 2021-06-30 (§2.2): one feed every two minutes sustained. */
        CREATE_FEED_DOCUMENT(0.5, 15), CREATE_FEED(0.0083, 15), GET_FEED(2, 15), GET_FEED_DOCUMENT(0.0222, 10), GET_FEEDS(0.0222, 10),
        CANCEL_FEED(2, 15);

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
    private static final int ITEMS_PER_PAGE = 20;
    static final String SEARCH_PATH = "/orders/2026-01-01/orders";
    private static final Pattern ORDER_2026 = Pattern.compile(SEARCH_PATH + "/([^/]+)");
    private static final Pattern ORDER = Pattern.compile("/orders/v0/orders/([^/]+)");
    private static final Pattern ORDER_ITEMS = Pattern.compile("/orders/v0/orders/([^/]+)/orderItems");
    private static final Pattern SHIPMENT_CONFIRMATION = Pattern.compile("/orders/v0/orders/([^/]+)/shipmentConfirmation");

    private final SandboxAmazonSeller seller;
    private final SandboxLoginWithAmazon lwa;
    private final boolean restrictedRolesGranted;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final double rateScale;
    private final Map<Operation, LeakyBucket> buckets = new ConcurrentHashMap<>();
    private final Map<Operation, FaultPlan> faults = new ConcurrentHashMap<>();
    private final SandboxShipmentConfirmations shipments;
    private final SandboxOrderSearches searches;
    private final SandboxRestrictedDataTokens restrictedDataTokens;
    private final SandboxListings listings;
    private final SandboxFeeds feeds;
    private volatile String documentsPrefix = AmazonEmulatorController.PREFIX;
    private static final Pattern FEED = Pattern.compile(Pattern.quote(SandboxFeeds.FEEDS) + "/([^/]+)");
    private static final Pattern FEED_DOCUMENT = Pattern.compile(Pattern.quote(SandboxFeeds.DOCUMENTS) + "/([^/]+)");
    private static final Pattern LISTING = Pattern.compile(Pattern.quote(SandboxListings.LISTINGS) + "([^/]+)/([^/]+)");

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
        this.shipments = new SandboxShipmentConfirmations(seller, clock);
        this.searches = new SandboxOrderSearches(seller, shipments, restrictedRolesGranted, clock);
        this.restrictedDataTokens = new SandboxRestrictedDataTokens(lwa, restrictedRolesGranted);
        this.listings = new SandboxListings(clock);
        this.feeds = new SandboxFeeds(seller.sellerId(), listings, clock);
    }

    /** Where the presigned feed document URLs point below the host the seller called (the emulator's own path). */
    public SellingPartnerApi documentsAt(String prefix) {
        documentsPrefix = prefix;
        return this;
    }

    /** The seller's feeds and feed documents. */
    public SandboxFeeds feeds() {
        return feeds;
    }

    /** The seller's listings and their stock (merchant-fulfilled and FBA). */
    public SandboxListings listings() {
        return listings;
    }

    /** The packages confirmed for an order, by packageReferenceId, as the seller sent them. */
    public Map<String, JsonNode> packagesOf(String orderId) {
        return shipments.packagesOf(orderId);
    }

    /**
     * How long after a change the searches show it (Amazon: about two minutes; the answer's LastUpdatedBefore says up
     * to when it has all changes). getOrder shows an order at once.
     */
    public SellingPartnerApi visibleAfter(Duration delay) {
        searches.visibleAfter(delay);
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
            return call(Operation.GET_ORDERS, request, grant -> searches.getOrders(request, grant));
        }
        if ("GET".equals(request.method()) && SEARCH_PATH.equals(path)) {
            return call(Operation.SEARCH_ORDERS, request, grant -> searches.searchOrders(request, grant));
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
            return call(Operation.CONFIRM_SHIPMENT, request, grant -> shipments.confirm(request, confirmation.group(1)));
        }
        Matcher listing = LISTING.matcher(path);
        if (listing.matches()) {
            String sku = java.net.URLDecoder.decode(listing.group(2), java.nio.charset.StandardCharsets.UTF_8);
            if (!listing.group(1).equals(seller.sellerId())) {
                return call(Operation.GET_LISTINGS_ITEM, request, grant -> error(403, "Unauthorized", "Access to requested resource is denied.",
                        "Seller " + listing.group(1) + " is not the seller of this token."));
            }
            if ("PATCH".equals(request.method())) {
                return call(Operation.PATCH_LISTINGS_ITEM, request, grant -> listings.patch(sku, request.list("marketplaceIds"), request.body()));
            }
            if ("GET".equals(request.method())) {
                return call(Operation.GET_LISTINGS_ITEM, request, grant -> listings.get(sku, request.list("includedData")));
            }
        }
        if ("GET".equals(request.method()) && SandboxListings.FBA_SUMMARIES.equals(path)) {
            return call(Operation.GET_INVENTORY_SUMMARIES, request, grant -> listings.fbaSummaries(request.list("sellerSkus"),
                    request.param("granularityType"), request.param("granularityId"), request.list("marketplaceIds"),
                    "true".equals(request.param("details")), request.param("nextToken")));
        }
        Response feed = feeds(request);
        if (feed != null) {
            return feed;
        }
        if ("POST".equals(request.method()) && "/tokens/2021-03-01/restrictedDataToken".equals(path)) {
            return call(Operation.CREATE_RESTRICTED_DATA_TOKEN, request, grant -> grant.isRestricted()
                    ? error(400, "InvalidInput", "A Restricted Data Token cannot be used to get a Restricted Data Token.", "")
                    : restrictedDataTokens.create(request));
        }
        return error(404, "NotFound", "The resource specified does not exist.", request.method() + " " + path);
    }

    /** The Feeds API's operations, or null for another path. */
    private Response feeds(Request request) {
        String path = request.path();
        String method = request.method();
        // presigned URLs point at the host the seller called (the emulator's stand-in for S3)
        String storage = "http://" + request.headers().getOrDefault("host", "localhost") + documentsPrefix;
        if (SandboxFeeds.DOCUMENTS.equals(path) && "POST".equals(method)) {
            return call(Operation.CREATE_FEED_DOCUMENT, request, grant -> feeds.createDocument(request.body(), storage));
        }
        Matcher document = FEED_DOCUMENT.matcher(path);
        if (document.matches() && "GET".equals(method)) {
            return call(Operation.GET_FEED_DOCUMENT, request, grant -> feeds.getDocument(document.group(1), storage));
        }
        if (SandboxFeeds.FEEDS.equals(path)) {
            if ("POST".equals(method)) {
                return call(Operation.CREATE_FEED, request, grant -> feeds.createFeed(request.body()));
            }
            if ("GET".equals(method)) {
                return call(Operation.GET_FEEDS, request, grant -> feeds.getFeeds(request));
            }
        }
        Matcher feed = FEED.matcher(path);
        if (feed.matches()) {
            if ("GET".equals(method)) {
                return call(Operation.GET_FEED, request, grant -> feeds.getFeed(feed.group(1)));
            }
            if ("DELETE".equals(method)) {
                return call(Operation.CANCEL_FEED, request, grant -> feeds.cancelFeed(feed.group(1)));
            }
        }
        return null;
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

    private Response getOrder2026(Request request, String orderId, SandboxLoginWithAmazon.Grant grant, String path) {
        Set<String> included = new LinkedHashSet<>(request.list("includedData"));
        if (!Orders2026View.INCLUDED_DATA.containsAll(included)) {
            return invalid("includedData must name datasets of " + new java.util.TreeSet<>(Orders2026View.INCLUDED_DATA) + ".");
        }
        return seller.get(orderId)
                .map(o -> ok(Map.of("order", Orders2026View.render(o, included, restrictedRolesGranted,
                        shipments.packagesOf(orderId)))))
                .orElseGet(() -> error(404, "NotFound", "The resource specified does not exist.", "Order " + orderId));
    }

    private Response getOrder(String orderId, SandboxLoginWithAmazon.Grant grant, String path) {
        return seller.get(orderId)
                .map(o -> ok(Map.of("payload", SandboxOrderSearches.view(o.order(), grant.dataElementsFor(path).contains("shippingAddress"),
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
            SandboxOrderSearches.PageToken token = SandboxOrderSearches.PageToken.decode(nextToken);
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
            payload.put("NextToken", new SandboxOrderSearches.PageToken(orderId, Instant.EPOCH, String.valueOf(end), Instant.EPOCH).encode());
        }
        return ok(Map.of("payload", payload));
    }

    // ---- helpers --------------------------------------------------------------------------------

    static Response ok(Object body) {
        return new Response(200, Map.of("Content-Type", "application/json"), body);
    }

    static Response invalid(String details) {
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
