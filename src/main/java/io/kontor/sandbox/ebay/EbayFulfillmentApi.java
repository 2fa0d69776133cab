package io.kontor.sandbox.ebay;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulated Sell Fulfillment API, getOrders and getOrder (channel-contracts.md §3.2): a bearer user token, the
 * {@code filter} criteria lastmodifieddate, creationdate (which wins when both are given; dates in UTC with
 * milliseconds) and orderfulfillmentstatus (only {NOT_STARTED|IN_PROGRESS} or {FULFILLED|IN_PROGRESS}), data from the last 90 days only, offset/limit paging over the live set with {@code next}
 * as a full URI, {@code limit} above 200 refused, {@code orderIds} overriding everything else, cancelRequests only
 * from getOrder, a daily call quota answered with 429, and errors in the {@code {"errors":[SellError]}} shape.
 */
public final class EbayFulfillmentApi {

    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {

        public Request(String method, String path, Map<String, String> query, Map<String, String> headers) {
            this(method, path, query, headers, null);
        }

        public Request {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (headers != null) {
                h.putAll(headers);
            }
            headers = h;
            query = query == null ? Map.of() : query;
        }
    }

    public record Response(int status, Map<String, String> headers, Object body) {
    }

    public static final String BASE = "/sell/fulfillment/v1";
    static final Duration WINDOW = Duration.ofDays(90);
    private static final int MAX_LIMIT = 200;
    private static final Pattern DATE_RANGE = Pattern.compile("(lastmodifieddate|creationdate):\\[(.*?)\\.\\.(.*?)]");
    private static final Pattern STATUS = Pattern.compile("orderfulfillmentstatus:\\{([A-Z_|]+)}");
    /** The only status combinations getOrders' filter supports. */
    private static final List<Set<String>> STATUS_FILTERS = List.of(Set.of("NOT_STARTED", "IN_PROGRESS"), Set.of("FULFILLED", "IN_PROGRESS"));
    /** getOrders' filter dates: ISO 8601 in UTC with milliseconds, as eBay documents them. */
    private static final Pattern FILTER_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern FULFILLMENTS = Pattern.compile(Pattern.quote(BASE) + "/order/([^/]+)/shipping_fulfillment(?:/([^/]+))?");

    private final SandboxEbaySeller seller;
    private final SandboxEbayOAuth oauth;
    private final Clock clock;
    private final String publicBaseUrl;
    private final int dailyCallLimit;
    private final Map<LocalDate, AtomicInteger> callsPerDay = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger faults = new AtomicInteger();
    /** Each order's shipping fulfilments (packages), in the order they were created. */
    private final Map<String, List<Map<String, Object>>> fulfillments = new java.util.concurrent.ConcurrentHashMap<>();
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    private final java.util.concurrent.atomic.AtomicLong nextFulfillmentId = new java.util.concurrent.atomic.AtomicLong(9_405_509_699_937_000L);
    private volatile int faultStatus;

    /**
     * @param publicBaseUrl where the API is reached, for {@code href} and {@code next} (e.g. http://localhost:8080/sandbox/ebay)
     * @param dailyCallLimit the Fulfillment API's calls per day for this app (eBay's default allowance is per API)
     */
    public EbayFulfillmentApi(SandboxEbaySeller seller, SandboxEbayOAuth oauth, Clock clock, String publicBaseUrl, int dailyCallLimit) {
        this.seller = seller;
        this.oauth = oauth;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
        this.dailyCallLimit = dailyCallLimit;
    }

    /** The next {@code count} calls answer {@code status}. */
    public void injectFaults(int status, int count) {
        faultStatus = status;
        faults.set(count);
    }

    public Response handle(Request request) {
        if (!oauth.valid(request.headers().get("Authorization"))) {
            return error(401, 1001, "OAuth", "Invalid access token",
                    "Invalid access token. Check the value of the Authorization HTTP request header.");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (callsPerDay.computeIfAbsent(today, d -> new AtomicInteger()).incrementAndGet() > dailyCallLimit) {
            return error(429, 2001, "ACCESS", "Too many requests.", "The request limit has been reached for the resource.");
        }
        if (faults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return faultStatus == 429
                    ? error(429, 2001, "ACCESS", "Too many requests.", "The request limit has been reached for the resource.")
                    : error(faultStatus, 2003, "ACCESS", "Internal error", "There was a problem with an eBay internal system or process.");
        }
        Matcher shipping = FULFILLMENTS.matcher(request.path());
        if (shipping.matches()) {
            if ("POST".equals(request.method()) && shipping.group(2) == null) {
                return createShippingFulfillment(shipping.group(1), request.body());
            }
            if ("GET".equals(request.method())) {
                return shippingFulfillments(shipping.group(1), shipping.group(2));
            }
        }
        if (!"GET".equals(request.method())) {
            return error(405, 2002, "API_FULFILLMENT", "Method not allowed", request.method() + " " + request.path());
        }
        if ((BASE + "/order").equals(request.path())) {
            return getOrders(request);
        }
        if (request.path().startsWith(BASE + "/order/") && request.path().indexOf('/', (BASE + "/order/").length()) < 0) {
            String id = request.path().substring((BASE + "/order/").length());
            return seller.get(id).<Response>map(o -> new Response(200, json(), o))
                    .orElseGet(() -> error(404, 32100, "API_FULFILLMENT", "Order not found.", "Order " + id + " not found."));
        }
        return error(404, 2002, "API_FULFILLMENT", "Resource not found", request.path());
    }

    private Response getOrders(Request request) {
        Map<String, String> q = request.query();
        if (q.get("orderIds") != null) {
            List<String> ids = List.of(q.get("orderIds").split(","));
            if (ids.size() > 50) {
                return invalid("orderIds", "At most 50 order ids are allowed.");
            }
            List<Object> found = new ArrayList<>();
            ids.forEach(id -> seller.get(id.trim()).ifPresent(o -> found.add(listView(o))));
            return page(request, found, found.size(), 0, Math.max(found.size(), 1));
        }
        int limit;
        int offset;
        try {
            limit = q.get("limit") == null ? 50 : Integer.parseInt(q.get("limit"));
            offset = q.get("offset") == null ? 0 : Integer.parseInt(q.get("offset"));
        } catch (NumberFormatException e) {
            return invalid("limit", "limit and offset must be numbers.");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return invalid("limit", "The limit must be from 1 to " + MAX_LIMIT + ".");
        }
        if (offset < 0) {
            return invalid("offset", "The offset must not be negative.");
        }
        String dateField = null;
        Instant from = null;
        Instant to = null;
        Set<String> statuses = null;
        String filter = q.get("filter");
        if (filter != null && !filter.isBlank()) {
            Map<String, Instant[]> ranges = new LinkedHashMap<>();
            Matcher m = DATE_RANGE.matcher(filter);
            int matched = 0;
            while (m.find()) {
                for (String date : List.of(m.group(2), m.group(3))) {
                    if (!date.isBlank() && !FILTER_DATE.matcher(date).matches()) {
                        return invalid("filter", "Invalid date in filter: " + date + " (the format is YYYY-MM-DDThh:mm:ss.sssZ)");
                    }
                }
                ranges.put(m.group(1), new Instant[]{m.group(2).isBlank() ? null : Instant.parse(m.group(2)),
                        m.group(3).isBlank() ? null : Instant.parse(m.group(3))});
                matched += m.group().length() + 1;
            }
            Matcher s = STATUS.matcher(filter);
            if (s.find()) {
                statuses = Set.of(s.group(1).split("\\|"));
                if (!STATUS_FILTERS.contains(statuses)) {
                    return invalid("filter", "Invalid orderfulfillmentstatus " + s.group(1)
                            + ": supported are {NOT_STARTED|IN_PROGRESS} and {FULFILLED|IN_PROGRESS}.");
                }
                matched += s.group().length() + 1;
            }
            if (matched < filter.length()) {
                return invalid("filter", "The filter '" + filter + "' is invalid.");
            }
            // when both are given, only creationdate counts
            dateField = ranges.containsKey("creationdate") ? "creationdate" : ranges.containsKey("lastmodifieddate") ? "lastmodifieddate" : null;
            if (dateField != null) {
                from = ranges.get(dateField)[0];
                to = ranges.get(dateField)[1];
            }
        }
        Instant floor = clock.instant().minus(WINDOW);
        String field = "creationdate".equals(dateField) ? "creationDate" : "lastModifiedDate";
        List<Object> matching = new ArrayList<>();
        for (Map<String, Object> o : seller.newestFirst()) {
            Instant at = Instant.parse((String) o.get(field));
            if (at.isBefore(floor) || (from != null && at.isBefore(from)) || (to != null && at.isAfter(to))
                    || (statuses != null && !statuses.contains((String) o.get("orderFulfillmentStatus")))) {
                continue;
            }
            matching.add(o);
        }
        List<Object> slice = new ArrayList<>();
        for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
            slice.add(listView((Map<?, ?>) matching.get(i)));
        }
        return page(request, slice, matching.size(), offset, limit);
    }

    // ---- shipping fulfilments -------------------------------------------------------------------

    /** An order's shipping fulfilments as getShippingFulfillments lists them. */
    public List<Map<String, Object>> fulfillmentsOf(String orderId) {
        return fulfillments.getOrDefault(orderId, List.of());
    }

    /**
     * One package shipped: 201 with its Location. The line items it names become FULFILLED once all their units
     * went out, the order IN_PROGRESS or FULFILLED, and lastModifiedDate moves. eBay keeps no idempotency key for
     * this call; a client checks getShippingFulfillments before repeating one.
     */
    @SuppressWarnings("unchecked")
    private Response createShippingFulfillment(String orderId, String body) {
        com.fasterxml.jackson.databind.JsonNode f;
        try {
            f = json.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            return error(400, 32100, "API_FULFILLMENT", "Invalid request.", "The request body is not valid JSON.");
        }
        if (f == null || !f.path("lineItems").isArray() || f.path("lineItems").isEmpty()) {
            return invalid("lineItems", "At least one line item is required.");
        }
        if (f.hasNonNull("trackingNumber") != f.hasNonNull("shippingCarrierCode")) {
            return invalid("shippingCarrierCode", "A tracking number needs its shipping carrier code, and a carrier code its tracking number.");
        }
        if (f.hasNonNull("trackingNumber") && !f.get("trackingNumber").asText().matches("[A-Za-z0-9]+")) {
            return invalid("trackingNumber", "The tracking number may contain only letters and digits.");
        }
        String shippedDate;
        try {
            shippedDate = f.hasNonNull("shippedDate") ? EbayDates.format(OffsetDateTime.parse(f.get("shippedDate").asText()).toInstant()) : EbayDates.format(clock.instant());
        } catch (DateTimeParseException e) {
            return invalid("shippedDate", "shippedDate is not an ISO 8601 timestamp.");
        }
        synchronized (seller) {
            Map<String, Object> order = seller.get(orderId).orElse(null);
            if (order == null) {
                return error(404, 32100, "API_FULFILLMENT", "Order not found.", "Order " + orderId + " not found.");
            }
            if ("CANCELED".equals(((Map<String, Object>) order.get("cancelStatus")).get("cancelState"))) {
                return invalid("orderId", "Order " + orderId + " is cancelled and cannot be shipped.");
            }
            List<Map<String, Object>> shipped = fulfillments.getOrDefault(orderId, List.of());
            List<Map<String, Object>> lines = new ArrayList<>();
            ((List<Map<String, Object>>) order.get("lineItems")).forEach(l -> lines.add(new LinkedHashMap<>(l)));
            List<Map<String, Object>> references = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode ref : f.get("lineItems")) {
                String lineId = ref.path("lineItemId").asText();
                Map<String, Object> line = lines.stream().filter(l -> lineId.equals(l.get("lineItemId"))).findFirst().orElse(null);
                if (line == null) {
                    return invalid("lineItemId", "Line item " + lineId + " is not part of order " + orderId + ".");
                }
                int quantity = ref.path("quantity").asInt(((Number) line.get("quantity")).intValue());
                int before = shippedUnits(shipped, lineId);
                if (quantity < 1 || before + quantity > ((Number) line.get("quantity")).intValue()) {
                    return invalid("quantity", "Line item " + lineId + " has " + (((Number) line.get("quantity")).intValue() - before)
                            + " units left to ship, not " + quantity + ".");
                }
                references.add(Map.of("lineItemId", lineId, "quantity", quantity));
            }
            String id = String.valueOf(nextFulfillmentId.incrementAndGet());
            Map<String, Object> fulfillment = new LinkedHashMap<>();
            fulfillment.put("fulfillmentId", id);
            fulfillment.put("lineItems", references);
            if (f.hasNonNull("trackingNumber")) {
                fulfillment.put("shipmentTrackingNumber", f.get("trackingNumber").asText());
                fulfillment.put("shippingCarrierCode", f.get("shippingCarrierCode").asText());
            }
            fulfillment.put("shippedDate", shippedDate);
            List<Map<String, Object>> all = new ArrayList<>(shipped);
            all.add(Map.copyOf(fulfillment));
            fulfillments.put(orderId, List.copyOf(all));
            boolean allDone = true;
            for (Map<String, Object> line : lines) {
                boolean done = shippedUnits(all, (String) line.get("lineItemId")) >= ((Number) line.get("quantity")).intValue();
                line.put("lineItemFulfillmentStatus", done ? "FULFILLED" : shippedUnits(all, (String) line.get("lineItemId")) > 0 ? "IN_PROGRESS" : "NOT_STARTED");
                allDone &= done;
            }
            String href = publicBaseUrl + BASE + "/order/" + orderId + "/shipping_fulfillment/" + id;
            String status = allDone ? "FULFILLED" : "IN_PROGRESS";
            seller.update(orderId, o -> {
                o.put("lineItems", lines);
                o.put("orderFulfillmentStatus", status);
                List<Object> hrefs = new ArrayList<>((List<Object>) o.getOrDefault("fulfillmentHrefs", List.of()));
                hrefs.add(href);
                o.put("fulfillmentHrefs", hrefs);
                o.put("lastModifiedDate", EbayDates.format(clock.instant()));
                return o;
            });
            return new Response(201, Map.of("Location", href), null);
        }
    }

    private Response shippingFulfillments(String orderId, String fulfillmentId) {
        if (seller.get(orderId).isEmpty()) {
            return error(404, 32100, "API_FULFILLMENT", "Order not found.", "Order " + orderId + " not found.");
        }
        List<Map<String, Object>> all = fulfillments.getOrDefault(orderId, List.of());
        if (fulfillmentId != null) {
            return all.stream().filter(f -> fulfillmentId.equals(f.get("fulfillmentId"))).findFirst().map(f -> new Response(200, json(), (Object) f))
                    .orElseGet(() -> error(404, 32210, "API_FULFILLMENT", "Fulfillment not found.", "Fulfillment " + fulfillmentId + " not found."));
        }
        return new Response(200, json(), Map.of("fulfillments", all, "total", all.size()));
    }

    private static int shippedUnits(List<Map<String, Object>> fulfillments, String lineId) {
        int units = 0;
        for (Map<String, Object> f : fulfillments) {
            for (Object ref : (List<?>) f.get("lineItems")) {
                Map<?, ?> r = (Map<?, ?>) ref;
                if (lineId.equals(r.get("lineItemId"))) {
                    units += ((Number) r.get("quantity")).intValue();
                }
            }
        }
        return units;
    }

    private Response page(Request request, List<Object> orders, int total, int offset, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("href", uri(request.query(), offset, limit));
        body.put("total", total);
        body.put("limit", limit);
        body.put("offset", offset);
        body.put("orders", orders);
        if (offset + limit < total) {
            body.put("next", uri(request.query(), offset + limit, limit));
        }
        if (offset > 0) {
            body.put("prev", uri(request.query(), Math.max(0, offset - limit), limit));
        }
        return new Response(200, json(), body);
    }

    /** getOrders leaves cancelRequests empty; only getOrder fills them. */
    private static Map<String, Object> listView(Map<?, ?> order) {
        Map<String, Object> copy = new LinkedHashMap<>();
        order.forEach((k, v) -> copy.put((String) k, v));
        if (copy.get("cancelStatus") instanceof Map<?, ?> cancel) {
            Map<String, Object> c = new LinkedHashMap<>();
            cancel.forEach((k, v) -> c.put((String) k, v));
            c.put("cancelRequests", List.of());
            copy.put("cancelStatus", c);
        }
        return copy;
    }

    private String uri(Map<String, String> query, int offset, int limit) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("limit", String.valueOf(limit));
        q.put("offset", String.valueOf(offset));
        StringBuilder sb = new StringBuilder(publicBaseUrl).append(BASE).append("/order?");
        q.forEach((k, v) -> sb.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return sb.substring(0, sb.length() - 1);
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static Response invalid(String parameter, String message) {
        return error(400, 30700, "API_FULFILLMENT", "Invalid request.", message, parameter);
    }

    static Response error(int status, int errorId, String domain, String message, String longMessage) {
        return error(status, errorId, domain, message, longMessage, null);
    }

    private static Response error(int status, int errorId, String domain, String message, String longMessage, String parameter) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("errorId", errorId);
        e.put("domain", domain);
        e.put("category", "REQUEST");
        e.put("message", message);
        e.put("longMessage", longMessage);
        if (parameter != null) {
            e.put("parameters", List.of(Map.of("name", parameter, "value", "")));
        }
        return new Response(status, json(), Map.of("errors", List.of(e)));
    }
}
