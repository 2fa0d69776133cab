package io.kontor.sandbox.shopify;

import io.kontor.sandbox.LeakyBucket;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.validation.ValidationError;
import graphql.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The emulated GraphQL Admin API of one shop: real GraphQL parsing, validation and execution (graphql-java)
 * over the part of Shopify's schema in {@code sandbox/shopify-admin.graphqls}, with Shopify's cost
 * accounting, leaky-bucket throttling and single-query cost limit.
 */
public final class ShopifyAdminApi {

    /** One answer: HTTP status and the JSON body. */
    public record Response(int status, Map<String, Object> body) {
    }

    private static final int MAX_PAGE = 250;
    /** GraphQL context key: the query runs as a bulk operation, its connections unpaged. */
    static final String BULK = "kontor.bulk";
    /** The API version a request was sent to, for the data fetchers. */
    static final String VERSION = "kontor.apiVersion";
    static final String CURRENT_VERSION = "2026-01";
    /** How long an emulated bulk operation runs before it is COMPLETED. */
    private static final java.time.Duration BULK_RUN_TIME = java.time.Duration.ofMillis(800);

    private final SandboxShop shop;
    private final ShopifyEmulatorProperties props;
    private final GraphQLSchema schema;
    private final GraphQL graphQL;
    private final LeakyBucket bucket;
    private final LongSupplier nanoClock;
    private final SandboxShopifyOAuth oauth;
    private final SandboxFulfillmentOrders fulfillments;
    private final SandboxBulkOperations bulk;
    private final SandboxInventory inventory;
    static final String READ_ALL_ORDERS = "read_all_orders";
    static final java.time.Duration VISIBLE_WITHOUT_READ_ALL_ORDERS = java.time.Duration.ofDays(60);
    private volatile java.util.Set<String> scopes = java.util.Set.of(SandboxShopifyOAuth.SCOPES.split(","));

    /** A shop that accepts only the configured non-expiring (custom app) token. */
    public ShopifyAdminApi(SandboxShop shop, ShopifyEmulatorProperties props, LongSupplier nanoClock) {
        this(shop, props, new SandboxShopifyOAuth(null, null, null, props.accessToken(),
                SandboxShopifyOAuth.ACCESS_TOKEN_LIFETIME, java.time.Clock.systemUTC()), nanoClock);
    }

    public ShopifyAdminApi(SandboxShop shop, ShopifyEmulatorProperties props, SandboxShopifyOAuth oauth, LongSupplier nanoClock) {
        this.oauth = oauth;
        this.shop = shop;
        this.props = props;
        this.nanoClock = nanoClock;
        this.fulfillments = new SandboxFulfillmentOrders(30_000_000_000_000L + java.time.Instant.now().getEpochSecond() * 1_000);
        this.inventory = new SandboxInventory(java.util.Arrays.stream(SandboxFulfillmentOrders.LOCATIONS).map(l -> l[0]).toList(), props.seed());
        this.schema = buildSchema();
        this.graphQL = GraphQL.newGraphQL(schema).build();
        this.bulk = new SandboxBulkOperations(schema, graphQL, nanoClock, BULK_RUN_TIME);
        this.bucket = new LeakyBucket(props.bucketSize(), props.restoreRate(), nanoClock.getAsLong());
    }

    /** The shop's inventory: its items, levels and the changes people and orders make to them. */
    public SandboxInventory inventory() {
        return inventory;
    }

    /** The shop's bulk operations, whose result files the emulator's HTTP side serves. */
    public SandboxBulkOperations bulkOperations() {
        return bulk;
    }

    /** A request to the current API version. */
    public Response execute(String accessToken, String query, Map<String, Object> variables, String operationName) {
        return execute(CURRENT_VERSION, accessToken, query, variables, operationName);
    }

    /** A request to {@code /admin/api/<version>/graphql.json}: some limits depend on the version asked. */
    public Response execute(String version, String accessToken, String query, Map<String, Object> variables, String operationName) {
        if (!oauth.accepts(accessToken)) {
            return new Response(401, Map.of("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"));
        }
        if (query == null || query.isBlank()) {
            return new Response(400, Map.of("errors", Map.of("query", "Required parameter missing or invalid")));
        }
        Map<String, Object> vars = variables == null ? Map.of() : variables;
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return new Response(200, Map.of("errors", List.of(error(e.getMessage(), "PARSE_ERROR"))));
        }
        List<ValidationError> invalid = new Validator().validateDocument(schema, document, Locale.ENGLISH);
        if (!invalid.isEmpty()) {
            return new Response(200, Map.of("errors", invalid.stream().map(GraphQLError::toSpecification).toList()));
        }
        int requested;
        try {
            requested = QueryCost.requested(schema, document, operationName, vars);
        } catch (RuntimeException e) {
            return new Response(200, Map.of("errors", List.of(error(e.getMessage(), "BAD_REQUEST"))));
        }
        long now = nanoClock.getAsLong();
        if (requested > props.maxQueryCost()) {
            return new Response(200, Map.of(
                    "errors", List.of(Map.of(
                            "message", "Query cost is " + requested + ", which exceeds the single query max cost limit (" + props.maxQueryCost() + ").",
                            "extensions", Map.of("code", "MAX_COST_EXCEEDED", "cost", requested, "maxCost", props.maxQueryCost()))),
                    "extensions", Map.of("cost", cost(requested, null, now))));
        }
        if (!bucket.tryTake(requested, now)) {
            Map<String, Object> throttled = Map.of("message", "Throttled",
                    "extensions", Map.of("code", "THROTTLED", "documentation", "https://shopify.dev/api/usage/rate-limits"));
            return new Response(props.throttledStatus(), Map.of(
                    "errors", List.of(throttled),
                    "extensions", Map.of("cost", cost(requested, null, now))));
        }
        ExecutionResult result = graphQL.execute(ExecutionInput.newExecutionInput()
                .query(query).variables(vars).operationName(operationName)
                .graphQLContext(Map.of(VERSION, version == null ? CURRENT_VERSION : version)).build());
        Object data = result.getData();
        // a mutation costs what was requested; a query what it returned
        int actual = QueryCost.isMutation(document, operationName) ? requested : Math.min(requested, QueryCost.actual(schema, data));
        bucket.refund(requested - actual, nanoClock.getAsLong());
        Map<String, Object> body = new LinkedHashMap<>();
        if (!result.getErrors().isEmpty()) {
            body.put("errors", result.getErrors().stream().map(GraphQLError::toSpecification).toList());
        }
        if (data != null) {
            body.put("data", data);
        }
        body.put("extensions", Map.of("cost", cost(requested, actual, nanoClock.getAsLong())));
        return new Response(200, body);
    }

    private Map<String, Object> cost(int requested, Integer actual, long now) {
        Map<String, Object> throttle = new LinkedHashMap<>();
        throttle.put("maximumAvailable", bucket.maximumAvailable());
        throttle.put("currentlyAvailable", Math.floor(bucket.available(now)));
        throttle.put("restoreRate", bucket.restoreRate());
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requestedQueryCost", requested);
        cost.put("actualQueryCost", actual);
        cost.put("throttleStatus", throttle);
        return cost;
    }

    private static Map<String, Object> error(String message, String code) {
        return GraphqlErrorBuilder.newError().message(message).extensions(Map.of("code", code)).build().toSpecification();
    }

    // ---- schema and data fetchers ---------------------------------------------------------------

    private GraphQLSchema buildSchema() {
        String sdl;
        try (InputStream in = ShopifyAdminApi.class.getResourceAsStream("/sandbox/shopify-admin.graphqls")) {
            sdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sdl += "\nenum CurrencyCode { " + Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(" ")) + " }\n";
        sdl += "enum CountryCode { " + String.join(" ", new TreeSet<>(List.of(Locale.getISOCountries()))) + " }\n";
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(passThroughScalar("DateTime"))
                .scalar(passThroughScalar("Decimal"))
                .scalar(passThroughScalar("URL"))
                .scalar(passThroughScalar("UnsignedInt64"))
                .type("QueryRoot", t -> t
                        .dataFetcher("orders", ordersFetcher())
                        .dataFetcher("order", env -> orderById(env.getArgument("id")))
                        .dataFetcher("currentAppInstallation", env -> Map.of("accessScopes",
                                scopes.stream().sorted().map(h -> Map.of("handle", h)).toList()))
                        .dataFetcher("shop", env -> Map.of("name", "Kontor Sandbox", "myshopifyDomain", props.shopDomain(), "currencyCode", "EUR"))
                        .dataFetcher("bulkOperation", env -> bulk.find(env.getArgument("id")))
                        .dataFetcher("currentBulkOperation", env -> bulk.current(String.valueOf((Object) env.getArgument("type"))))
                        .dataFetcher("ordersCount", env -> ordersCount(env.getArgument("query"), env.getArgument("limit")))
                        .dataFetcher("inventoryItems", env -> {
                            List<Map<String, Object>> all = inventory.search(env.getArgument("query"));
                            return listConnection("all").get(new graphql.schema.DelegatingDataFetchingEnvironment(env) {
                                @Override
                                public <T> T getSource() {
                                    @SuppressWarnings("unchecked") T source = (T) Map.of("all", all);
                                    return source;
                                }
                            });
                        })
                        .dataFetcher("inventoryItem", env -> inventory.item(env.getArgument("id"))))
                .type("InventoryItem", t -> t.dataFetcher("inventoryLevels", listConnection("inventoryLevels")))
                .type("InventoryLevel", t -> t.dataFetcher("quantities", env -> {
                    Map<String, Object> level = env.getSource();
                    Map<?, ?> quantities = (Map<?, ?>) level.get("quantities");
                    List<String> names = env.getArgument("names");
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (String name : names) {
                        if (!quantities.containsKey(name)) {
                            throw new IllegalArgumentException("Invalid quantity name: " + name);
                        }
                        out.add(Map.of("name", name, "quantity", quantities.get(name), "updatedAt", level.get("updatedAt")));
                    }
                    return out;
                }))
                .type("Order", t -> t.dataFetcher("lineItems", listConnection("lineItems"))
                        .dataFetcher("fulfillmentOrders", listConnection(SandboxFulfillmentOrders.ORDERS))
                        .dataFetcher("fulfillments", env -> {
                            Map<String, Object> order = env.getSource();
                            List<?> all = (List<?>) order.getOrDefault(SandboxFulfillmentOrders.FULFILLMENTS, List.of());
                            Integer first = env.getArgument("first");
                            return first == null ? all : all.subList(0, Math.min(first, all.size()));
                        }))
                .type("FulfillmentOrder", t -> t.dataFetcher("lineItems", listConnection("lineItems"))
                        .dataFetcher("fulfillmentHolds", env -> ((Map<?, ?>) env.getSource()).get(SandboxFulfillmentOrders.HOLDS) instanceof List<?> holds
                                ? holds : List.of()))
                .type("Mutation", t -> t.dataFetcher("fulfillmentCreate", env -> fulfillmentCreate(env.getArgument("fulfillment")))
                        .dataFetcher("bulkOperationRunQuery", env -> bulk.run(env.getArgument("query"), Boolean.TRUE.equals(env.getArgument("groupObjects")),
                                env.getGraphQlContext().getOrDefault(VERSION, CURRENT_VERSION)))
                        .dataFetcher("bulkOperationCancel", env -> bulk.cancel(env.getArgument("id")))
                        .dataFetcher("inventorySetQuantities", env -> {
                            Object answer = inventory.setQuantities(env.getGraphQlContext().getOrDefault(VERSION, CURRENT_VERSION),
                                    idempotencyKey(env), env.getArgument("input"));
                            if (answer instanceof String refusal) {
                                throw new IllegalArgumentException(refusal);
                            }
                            return answer;
                        }))
                .build();
        return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
    }

    /** The key of the field's {@code @idempotent} directive, written inline or as a variable; null without one. */
    private static String idempotencyKey(graphql.schema.DataFetchingEnvironment env) {
        for (graphql.language.Directive d : env.getField().getDirectives("idempotent")) {
            graphql.language.Argument key = d.getArgument("key");
            if (key != null && key.getValue() instanceof graphql.language.StringValue s) {
                return s.getValue();
            }
            if (key != null && key.getValue() instanceof graphql.language.VariableReference v) {
                return String.valueOf(env.getVariables().get(v.getName()));
            }
        }
        return null;
    }

    private static GraphQLScalarType passThroughScalar(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, String>() {
            @Override
            public String serialize(Object value) {
                return String.valueOf(value);
            }

            @Override
            public Object parseValue(Object input) {
                return String.valueOf(input);
            }
        }).build();
    }

    private Map<String, Object> orderById(String gid) {
        long id = numericId(gid, "gid://shopify/Order/");
        return id < 0 ? null : shop.get(id).filter(this::visible).orElse(null);
    }

    /** Without read_all_orders an app sees the orders created in the last 60 days only. */
    private boolean visible(Map<String, Object> order) {
        return scopes.contains(READ_ALL_ORDERS) || order.get("createdAt") == null
                || !Instant.parse((String) order.get("createdAt")).isBefore(Instant.now().minus(VISIBLE_WITHOUT_READ_ALL_ORDERS));
    }

    /** The app's access scopes from now on (the sandbox app's are {@link SandboxShopifyOAuth#SCOPES}). */
    public void grantScopes(java.util.Collection<String> granted) {
        scopes = java.util.Set.copyOf(granted);
    }

    private DataFetcher<Map<String, Object>> ordersFetcher() {
        return env -> {
            Integer last = env.getArgument("last");
            if (last != null || env.getArgument("before") != null || Boolean.TRUE.equals(env.getArgument("reverse"))) {
                throw new IllegalArgumentException("The sandbox serves forward pagination only (first/after)");
            }
            int first = first(env, Integer.MAX_VALUE);
            OrderSearchQuery search = OrderSearchQuery.parse(env.getArgument("query"));
            Object sortArgument = env.getArgument("sortKey");
            String sortKey = String.valueOf(sortArgument);
            String after = env.getArgument("after");
            List<Map<String, Object>> page = new ArrayList<>();
            List<String> cursors = new ArrayList<>();
            boolean hasNext;
            if ("UPDATED_AT".equals(sortKey)) {
                SandboxShop.UpdatedKey afterKey = after == null ? null : decodeUpdatedCursor(after);
                NavigableMap<SandboxShop.UpdatedKey, Map<String, Object>> candidates =
                        shop.updatedSince(search.updatedAtLowerBound(), afterKey);
                hasNext = collect(candidates, search, first, page, cursors,
                        k -> encodeCursor(k.id(), k.updatedAt().toString()));
            } else if ("ID".equals(sortKey) || "CREATED_AT".equals(sortKey) || "null".equals(sortKey)) {
                Long afterId = after == null ? null : Long.parseLong(decodeCursor(after).get("last_id"));
                hasNext = collect(shop.byIdAfter(afterId), search, first, page, cursors,
                        id -> encodeCursor(id, String.valueOf(id)));
            } else {
                throw new IllegalArgumentException("The sandbox does not sort orders by " + sortKey);
            }
            return connection(page, cursors, hasNext, after != null);
        };
    }

    /**
     * The orders matching a search, counted up to {@code limit} (null: all): at the limit the count stops and says
     * AT_LEAST, as Shopify's count fields do since 2025-07.
     */
    private Map<String, Object> ordersCount(String query, Integer limit) {
        OrderSearchQuery search = OrderSearchQuery.parse(query);
        int count = 0;
        for (Map<String, Object> order : shop.updatedSince(search.updatedAtLowerBound(), null).values()) {
            if (visible(order) && matches(search, order) && ++count == (limit == null ? -1 : limit)) {
                return Map.of("count", count, "precision", "AT_LEAST");
            }
        }
        return Map.of("count", count, "precision", "EXACT");
    }

    private <K> boolean collect(NavigableMap<K, Map<String, Object>> candidates, OrderSearchQuery search, int first,
                                       List<Map<String, Object>> page, List<String> cursors,
                                       java.util.function.Function<K, String> cursorOf) {
        for (Map.Entry<K, Map<String, Object>> e : candidates.entrySet()) {
            if (!visible(e.getValue()) || !matches(search, e.getValue())) {
                continue;
            }
            if (page.size() == first) {
                return true;
            }
            page.add(e.getValue());
            cursors.add(cursorOf.apply(e.getKey()));
        }
        return false;
    }

    private static boolean matches(OrderSearchQuery search, Map<String, Object> order) {
        for (OrderSearchQuery.Term term : search.terms()) {
            String field = switch (term.field()) {
                case "updated_at" -> "updatedAt";
                case "created_at" -> "createdAt";
                default -> "processedAt";
            };
            if (!term.test(Instant.parse(String.valueOf(order.get(field))))) {
                return false;
            }
        }
        return true;
    }

    /** The page size asked for ({@code first}, 0 to 250); everything when the query runs as a bulk operation. */
    private static int first(graphql.schema.DataFetchingEnvironment env, int everything) {
        if (Boolean.TRUE.equals(env.getGraphQlContext().get(BULK))) {
            return everything;
        }
        Integer first = env.getArgument("first");
        if (first == null) {
            throw new IllegalArgumentException("you must provide one of first or last");
        }
        if (first < 0 || first > MAX_PAGE) {
            throw new IllegalArgumentException("first must be between 0 and " + MAX_PAGE);
        }
        return first;
    }

    /** A connection over a list held under {@code key} of the parent object (forward pagination by position). */
    @SuppressWarnings("unchecked")
    private static DataFetcher<Map<String, Object>> listConnection(String key) {
        return env -> {
            Map<String, Object> parent = env.getSource();
            List<Map<String, Object>> all = (List<Map<String, Object>>) parent.getOrDefault(key, List.of());
            int first = first(env, all.size());
            String after = env.getArgument("after");
            int start = after == null ? 0 : Integer.parseInt(decodeCursor(after).get("last_id")) + 1;
            int end = Math.min(all.size(), start + first);
            List<Map<String, Object>> page = start >= all.size() ? List.of() : all.subList(start, end);
            List<String> cursors = new ArrayList<>();
            for (int i = start; i < end; i++) {
                cursors.add(encodeCursor(i, String.valueOf(i)));
            }
            return connection(page, cursors, end < all.size(), start > 0);
        };
    }

    /** From now on another app (a fulfillment service) fulfils what the shop assigns to this location. */
    public void locationFulfilledByAnotherApp(String locationId) {
        fulfillments.fulfilledByAnotherApp(locationId);
    }

    /** The merchant holds the order's open fulfillment orders (reason: a FulfillmentHoldReason); false if none was open. */
    public boolean holdFulfillment(long orderId, String reason, String notes) {
        return change(orderId, order -> SandboxFulfillmentOrders.hold(order, reason, notes));
    }

    /** The merchant releases every hold of the order. */
    public void releaseFulfillmentHolds(long orderId) {
        change(orderId, order -> {
            SandboxFulfillmentOrders.release(order);
            return true;
        });
    }

    private boolean change(long orderId, java.util.function.Predicate<Map<String, Object>> change) {
        synchronized (shop) {
            Map<String, Object> order = new LinkedHashMap<>(shop.get(orderId).orElseThrow());
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            if (!change.test(order)) {
                return false;
            }
            order.put("updatedAt", now.toString());
            shop.put(orderId, now, order);
            return true;
        }
    }

    /**
     * {@code fulfillmentCreate}: the order owning the first fulfillment order is changed as one step, or not at all
     * when Shopify's rules refuse the input (user errors, as Shopify answers them).
     */
    private Map<String, Object> fulfillmentCreate(Map<String, Object> input) {
        List<?> parts = (List<?>) input.getOrDefault("lineItemsByFulfillmentOrder", List.of());
        String firstFo = parts.isEmpty() ? null : (String) ((Map<?, ?>) parts.get(0)).get("fulfillmentOrderId");
        Long orderId = firstFo == null ? null : shop.orderOfFulfillmentOrder(firstFo);
        Map<String, Object> payload = new LinkedHashMap<>();
        if (orderId == null) {
            payload.put("fulfillment", null);
            payload.put("userErrors", List.of(Map.of("field", List.of("fulfillment", "lineItemsByFulfillmentOrder"),
                    "message", "Fulfillment order does not exist.")));
            return payload;
        }
        synchronized (shop) {
            Map<String, Object> order = new LinkedHashMap<>(shop.get(orderId).orElseThrow());
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            SandboxFulfillmentOrders.Outcome outcome = fulfillments.create(order, input, now);
            if (outcome.fulfillment() != null) {
                order.put("updatedAt", now.toString());
                shop.put(orderId, now, order);
            }
            payload.put("fulfillment", outcome.fulfillment());
            payload.put("userErrors", outcome.userErrors());
        }
        return payload;
    }

    private static Map<String, Object> connection(List<Map<String, Object>> nodes, List<String> cursors, boolean hasNext, boolean hasPrevious) {
        List<Map<String, Object>> edges = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            edges.add(Map.of("cursor", cursors.get(i), "node", nodes.get(i)));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", hasNext);
        pageInfo.put("hasPreviousPage", hasPrevious);
        pageInfo.put("startCursor", cursors.isEmpty() ? null : cursors.get(0));
        pageInfo.put("endCursor", cursors.isEmpty() ? null : cursors.get(cursors.size() - 1));
        return Map.of("nodes", nodes, "edges", edges, "pageInfo", pageInfo);
    }

    /** Opaque to clients, like Shopify's: base64 of {"last_id":..,"last_value":..}. */
    private static String encodeCursor(long lastId, String lastValue) {
        String json = "{\"last_id\":" + lastId + ",\"last_value\":\"" + lastValue + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> decodeCursor(String cursor) {
        try {
            String json = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("\\{\"last_id\":(-?\\d+),\"last_value\":\"([^\"]*)\"}").matcher(json);
            if (!m.matches()) {
                throw new IllegalArgumentException("Invalid cursor");
            }
            return Map.of("last_id", m.group(1), "last_value", m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid cursor: " + cursor);
        }
    }

    private static SandboxShop.UpdatedKey decodeUpdatedCursor(String cursor) {
        Map<String, String> c = decodeCursor(cursor);
        try {
            return new SandboxShop.UpdatedKey(Instant.parse(c.get("last_value")), Long.parseLong(c.get("last_id")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid cursor for sortKey UPDATED_AT: " + cursor);
        }
    }

    static long numericId(String gid, String prefix) {
        if (gid == null || !gid.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(gid.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
