package io.kontor.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's REST API as WooCommerce documents it (REST API v3: orders, order notes; the Shipment Tracking
 * extension's v3 items): consumer key and secret by HTTP Basic, collections paged with {@code page} and
 * {@code per_page} (at most 100) and counted in {@code X-WP-Total} and {@code X-WP-TotalPages}, errors as WordPress
 * writes them ({@code {"code","message","data":{"status"}}}). {@code modified_after} is read in the site's zone unless
 * {@code dates_are_gmt=true}.
 */
public final class WooCommerceRestApi {

    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
    }

    public record Response(int status, Map<String, String> headers, Object body) {
    }

    private static final Pattern ORDER = Pattern.compile("/wp-json/wc/v3/orders/(\\d+)");
    private static final Pattern NOTES = Pattern.compile("/wp-json/wc/v3/orders/(\\d+)/notes");
    private static final Pattern TRACKING = Pattern.compile("/wp-json/wc-shipment-tracking/v3/orders/(\\d+)/shipment-trackings");

    private final SandboxWooStore store;
    private final String consumerKey;
    private final String consumerSecret;
    private final ZoneId siteZone;
    private final ObjectMapper json = new ObjectMapper();

    public WooCommerceRestApi(SandboxWooStore store, String consumerKey, String consumerSecret, ZoneId siteZone) {
        this.store = store;
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.siteZone = siteZone;
    }

    public Response handle(Request r) {
        Response refused = authenticate(r.headers());
        if (refused != null) {
            return refused;
        }
        String path = r.path().replaceAll("/+$", "");
        Matcher m;
        if (path.equals("/wp-json/wc/v3/orders") && r.method().equals("GET")) {
            return list(r.query());
        }
        if ((m = NOTES.matcher(path)).matches()) {
            return notes(Long.parseLong(m.group(1)), r);
        }
        if ((m = TRACKING.matcher(path)).matches()) {
            return tracking(Long.parseLong(m.group(1)), r);
        }
        if ((m = ORDER.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            return switch (r.method()) {
                case "GET" -> orderOr404(store.order(id));
                case "PUT", "POST" -> update(id, r.body());
                default -> error(404, "rest_no_route", "No route was found matching the URL and request method.");
            };
        }
        return error(404, "rest_no_route", "No route was found matching the URL and request method.");
    }

    private Response authenticate(Map<String, String> headers) {
        String auth = header(headers, "Authorization");
        if (auth == null || !auth.startsWith("Basic ")) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        String[] pair;
        try {
            pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
        } catch (IllegalArgumentException e) {
            return error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        if (!consumerKey.equals(pair[0])) {
            return error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        if (pair.length < 2 || !consumerSecret.equals(pair[1])) {
            return error(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");
        }
        return null;
    }

    private Response list(Map<String, String> q) {
        int page;
        int perPage;
        try {
            page = Integer.parseInt(q.getOrDefault("page", "1"));
            perPage = Integer.parseInt(q.getOrDefault("per_page", "10"));
        } catch (NumberFormatException e) {
            return error(400, "rest_invalid_param", "Invalid parameter(s): page, per_page");
        }
        if (page < 1) {
            return error(400, "rest_invalid_param", "Invalid parameter(s): page");
        }
        if (perPage < 1 || perPage > 100) {
            return error(400, "rest_invalid_param", "Invalid parameter(s): per_page (per_page must be between 1 (inclusive) and 100 (inclusive))");
        }
        boolean gmt = "true".equals(q.get("dates_are_gmt")) || "1".equals(q.get("dates_are_gmt"));
        Instant modifiedAfter;
        try {
            modifiedAfter = q.containsKey("modified_after") ? instant(q.get("modified_after"), gmt) : null;
        } catch (DateTimeParseException e) {
            return error(400, "rest_invalid_param", "Invalid parameter(s): modified_after");
        }
        String statusFilter = q.getOrDefault("status", "any");
        String orderby = q.getOrDefault("orderby", "date");
        if (!List.of("date", "id", "include", "title", "slug", "modified").contains(orderby)) {
            return error(400, "rest_invalid_param", "Invalid parameter(s): orderby");
        }
        boolean asc = "asc".equals(q.getOrDefault("order", "desc"));
        List<ObjectNode> matching = store.orders().stream()
                .filter(o -> modifiedAfter == null || SandboxWooStore.gmt(o, "date_modified").isAfter(modifiedAfter))
                .filter(o -> "any".equals(statusFilter) ? !"trash".equals(o.path("status").asText())
                        : List.of(statusFilter.split(",")).contains(o.path("status").asText()))
                .sorted(comparator(orderby, asc)).toList();
        int total = matching.size();
        int pages = (total + perPage - 1) / perPage;
        if (page > Math.max(pages, 1)) {
            return error(400, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available.");
        }
        ArrayNode out = json.createArrayNode();
        matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(out::add);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-WP-Total", String.valueOf(total));
        headers.put("X-WP-TotalPages", String.valueOf(pages));
        return new Response(200, headers, out);
    }

    private static Comparator<ObjectNode> comparator(String orderby, boolean asc) {
        Comparator<ObjectNode> c = switch (orderby) {
            case "modified" -> Comparator.comparing((ObjectNode o) -> SandboxWooStore.gmt(o, "date_modified"));
            case "id", "include", "title", "slug" -> Comparator.comparingLong((ObjectNode o) -> o.path("id").asLong());
            default -> Comparator.comparing((ObjectNode o) -> SandboxWooStore.gmt(o, "date_created"));
        };
        c = c.thenComparingLong(o -> o.path("id").asLong());
        return asc ? c : c.reversed();
    }

    /** An ISO 8601 date-time: with an offset as written, without one in the site's zone, or in GMT with dates_are_gmt. */
    private Instant instant(String value, boolean gmt) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException noOffset) {
            LocalDateTime local = LocalDateTime.parse(value);
            return gmt ? local.toInstant(ZoneOffset.UTC) : local.atZone(siteZone).toInstant();
        }
    }

    private Response update(long id, String body) {
        JsonNode change;
        try {
            change = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            return error(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        if (store.order(id) == null) {
            return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        }
        String status = change.path("status").asText(null);
        if (status != null && !SandboxWooStore.STATUSES.contains(status)) {
            return error(400, "rest_invalid_param", "Invalid parameter(s): status (status is not one of "
                    + String.join(", ", SandboxWooStore.STATUSES.stream().sorted().toList()) + ".)");
        }
        return new Response(200, Map.of(), store.update(id, o -> {
            if (status != null) {
                o.put("status", status);
            }
        }));
    }

    private Response notes(long orderId, Request r) {
        if (store.order(orderId) == null) {
            return error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
        }
        if (r.method().equals("GET")) {
            String type = r.query().getOrDefault("type", "any");
            ArrayNode out = json.createArrayNode();
            store.notes(orderId).stream().filter(n -> "any".equals(type) || n.path("customer_note").asBoolean() == "customer".equals(type))
                    .sorted(Comparator.comparingLong((ObjectNode n) -> n.path("id").asLong()).reversed()).forEach(out::add);
            return new Response(200, Map.of(), out);
        }
        JsonNode body = read(r.body());
        if (body == null || !body.hasNonNull("note") || body.get("note").asText().isBlank()) {
            return error(400, "rest_missing_callback_param", "Missing parameter(s): note");
        }
        ObjectNode note = store.addNote(orderId, body.get("note").asText(), body.path("customer_note").asBoolean(false));
        return new Response(201, Map.of("Location", "/wp-json/wc/v3/orders/" + orderId + "/notes/" + note.get("id").asLong()), note);
    }

    private Response tracking(long orderId, Request r) {
        if (store.order(orderId) == null) {
            return error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
        }
        if (r.method().equals("GET")) {
            ArrayNode out = json.createArrayNode();
            store.trackingItems(orderId).forEach(out::add);
            return new Response(200, Map.of(), out);
        }
        JsonNode body = read(r.body());
        if (body == null || !body.hasNonNull("tracking_number") || body.get("tracking_number").asText().isBlank()) {
            return error(400, "rest_missing_callback_param", "Missing parameter(s): tracking_number");
        }
        String provider = body.path("tracking_provider").asText("");
        String custom = body.path("custom_tracking_provider").asText("");
        if (provider.isBlank() && custom.isBlank()) {
            return error(400, "woocommerce_shipment_tracking_missing_provider", "Missing tracking provider.");
        }
        ObjectNode item = json.createObjectNode();
        String number = body.get("tracking_number").asText();
        item.put("tracking_provider", provider.isBlank() ? custom : provider);
        item.put("tracking_link", body.path("custom_tracking_link").asText("").replace("%1$s", number));
        item.put("tracking_number", number);
        item.put("date_shipped", body.path("date_shipped").asText(LocalDateTime.ofInstant(store.now(), siteZone).toLocalDate().toString()));
        ObjectNode created = store.addTrackingItem(orderId, item);
        return new Response(201, Map.of("Location", "/wp-json/wc-shipment-tracking/v3/orders/" + orderId + "/shipment-trackings/"
                + created.get("tracking_id").asText()), created);
    }

    private Response orderOr404(ObjectNode order) {
        return order == null ? error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.") : new Response(200, Map.of(), order);
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private Response error(int status, String code, String message) {
        ObjectNode e = json.createObjectNode();
        e.put("code", code).put("message", message).putObject("data").put("status", status);
        return new Response(status, Map.of(), e);
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
