package io.kontor.sandbox.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.validation.ValidationError;
import graphql.validation.Validator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Shopify's bulk query operations for the emulated shop ({@code bulkOperationRunQuery}, {@code bulkOperation},
 * {@code currentBulkOperation}, {@code bulkOperationCancel}). The query is checked as Shopify checks it (valid against the schema, one top-level
 * connection field, at most five connections nested at most two deep), runs over the whole shop with connections
 * unpaged, and becomes a JSONL file: one line per node, a nested connection's nodes as lines of their own with
 * {@code __parentId}; with {@code groupObjects} each parent's children follow it, without they come after all
 * parents. The operation is CREATED, then RUNNING for a while, then COMPLETED with a signed URL to the file (none
 * when nothing matched); the URL expires seven days later and the operation is EXPIRED. API 2026-01 and later run up to
 * five bulk queries at a time per shop (LIMIT_REACHED beyond), earlier versions one (OPERATION_IN_PROGRESS). A cancelled
 * operation is CANCELING for a moment, then CANCELED, with no file; until then it still takes its place. An operation
 * told to fail ({@link #failNext}) ends FAILED with its error code; a TIMEOUT or INTERNAL_SERVER_ERROR leaves the first
 * half of its lines at a {@code partialDataUrl}, as Shopify's "partial or incomplete data".
 */
public final class SandboxBulkOperations {

    /** Bulk queries a shop runs at a time (API 2026-01 and later; one before). */
    static final int MAX_RUNNING = 5;
    private static final String FIVE_AT_A_TIME_FROM = "2026-01";
    private static final int MAX_CONNECTIONS = 5;
    private static final int MAX_DEPTH = 2;
    private static final String GID = "gid://shopify/BulkOperation/";
    private static final int KEPT = 50;
    /** The short delay Shopify notes between a cancellation starting and the operation being canceled. */
    private static final Duration CANCEL_TIME = Duration.ofMillis(300);

    /** One operation and its result file. */
    private record Operation(long id, String query, Instant createdAt, long createdNanos, Duration runTime, byte[] file,
                             long objects, long roots, String signature, Long cancelledNanos, String errorCode) {

        Operation cancelledAt(long nanos) {
            return new Operation(id, query, createdAt, createdNanos, runTime, file, objects, roots, signature, nanos, errorCode);
        }

        /** What a failed operation read before it failed: the first half of its lines, for the errors that leave data. */
        byte[] partialData() {
            if (!"TIMEOUT".equals(errorCode) && !"INTERNAL_SERVER_ERROR".equals(errorCode) || file.length == 0) {
                return null;
            }
            int lines = 0;
            for (byte b : file) {
                lines += b == '\n' ? 1 : 0;
            }
            int keep = lines / 2;
            int end = 0;
            for (int seen = 0; end < file.length && seen < keep; end++) {
                seen += file[end] == '\n' ? 1 : 0;
            }
            return java.util.Arrays.copyOf(file, end);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final GraphQLSchema schema;
    private final GraphQL graphQL;
    private final LongSupplier nanoClock;
    private volatile Duration runTime;
    private final Map<Long, Operation> operations = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(4_000_000_000L);
    private final SecureRandom random = new SecureRandom();
    private volatile String filesBaseUrl = "http://localhost";
    /** The error code the next operation fails with, or null. */
    private volatile String failNext;
    /** How long a result URL (and partial data URL) is valid: seven days at Shopify. */
    private volatile Duration urlLifetime = Duration.ofDays(7);

    SandboxBulkOperations(GraphQLSchema schema, GraphQL graphQL, LongSupplier nanoClock, Duration runTime) {
        this.schema = schema;
        this.graphQL = graphQL;
        this.nanoClock = nanoClock;
        this.runTime = runTime;
    }

    /** How long operations started from now on run (a shop under load takes longer). */
    public void runFor(Duration runTime) {
        this.runTime = runTime;
    }

    /** The next operation started fails at the end of its run with this error code (ACCESS_DENIED, INTERNAL_SERVER_ERROR, TIMEOUT). */
    public void failNext(String errorCode) {
        this.failNext = errorCode;
    }

    /** How long result URLs stay valid from now on (Shopify: seven days). */
    public void urlsExpireAfter(Duration lifetime) {
        this.urlLifetime = lifetime;
    }

    /** Where the emulator serves result files: {@code <base>/bulk/<id>.jsonl?signature=...}. */
    public void serveFilesAt(String baseUrl) {
        this.filesBaseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * The result file of a completed operation, or the partial data of a failed one, when the signature is the one its
     * URL carries and the URL has not expired.
     */
    public synchronized Optional<byte[]> file(long id, String signature) {
        Operation op = operations.get(id);
        if (op == null || signature == null
                || !MessageDigest.isEqual(op.signature().getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return switch (status(op)) {
            case "COMPLETED" -> Optional.of(op.file());
            case "FAILED" -> Optional.ofNullable(urlValid(op) ? op.partialData() : null);
            default -> Optional.empty();
        };
    }

    private boolean urlValid(Operation op) {
        return nanoClock.getAsLong() - op.createdNanos() < op.runTime().plus(urlLifetime).toNanos();
    }

    /** {@code bulkOperationRunQuery}: the payload Shopify answers with. */
    synchronized Map<String, Object> run(String query, boolean groupObjects, String apiVersion) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return userError("INVALID", "Invalid bulk query: " + e.getMessage());
        }
        List<ValidationError> invalid = new Validator().validateDocument(schema, document, Locale.ENGLISH);
        if (!invalid.isEmpty()) {
            return userError("INVALID", "Invalid bulk query: " + invalid.get(0).getMessage());
        }
        String shapeError = shapeError(document);
        if (shapeError != null) {
            return userError("INVALID", shapeError);
        }
        long running = operations.values().stream().map(this::status)
                .filter(st -> "CREATED".equals(st) || "RUNNING".equals(st) || "CANCELING".equals(st)).count();
        boolean five = apiVersion.compareTo(FIVE_AT_A_TIME_FROM) >= 0;
        if (running >= (five ? MAX_RUNNING : 1)) {
            return five ? userError("LIMIT_REACHED", "Bulk operations limit reached. Please try again later.")
                    : userError("OPERATION_IN_PROGRESS", "A bulk query operation for this app and shop is already in progress.");
        }
        ExecutionResult result = graphQL.execute(ExecutionInput.newExecutionInput().query(query)
                .graphQLContext(Map.of(ShopifyAdminApi.BULK, true)).build());
        if (!result.getErrors().isEmpty()) {
            return userError("INVALID", "Invalid bulk query: " + result.getErrors().stream().map(GraphQLError::getMessage).toList());
        }
        Lines lines = new Lines(groupObjects);
        Map<String, Object> data = result.getData();
        data.values().forEach(root -> lines.connection(root, null));
        long id = ids.incrementAndGet();
        byte[] signatureBytes = new byte[16];
        random.nextBytes(signatureBytes);
        Operation op = new Operation(id, query, Instant.now(), nanoClock.getAsLong(), runTime, lines.bytes(), lines.objects, lines.roots,
                HexFormat.of().formatHex(signatureBytes), null, failNext);
        failNext = null;
        operations.put(id, op);
        while (operations.size() > KEPT) {
            operations.remove(operations.keySet().iterator().next());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bulkOperation", view(op));
        payload.put("userErrors", List.of());
        return payload;
    }

    /** {@code bulkOperation(id:)}: null for an unknown id, as Shopify answers. */
    synchronized Map<String, Object> find(String gid) {
        long id = ShopifyAdminApi.numericId(gid, GID);
        Operation op = operations.get(id);
        return op == null ? null : view(op);
    }

    /** {@code bulkOperationCancel(id:)}: starts cancelling a CREATED or RUNNING operation; anything else is a user error. */
    synchronized Map<String, Object> cancel(String gid) {
        long id = ShopifyAdminApi.numericId(gid, GID);
        Operation op = operations.get(id);
        if (op == null) {
            return cancelPayload(null, "Bulk operation does not exist");
        }
        String status = status(op);
        if (!"CREATED".equals(status) && !"RUNNING".equals(status)) {
            return cancelPayload(view(op), "A bulk operation that is " + status + " cannot be canceled");
        }
        Operation cancelled = op.cancelledAt(nanoClock.getAsLong());
        operations.put(id, cancelled);
        return cancelPayload(view(cancelled), null);
    }

    private static Map<String, Object> cancelPayload(Map<String, Object> operation, String error) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bulkOperation", operation);
        payload.put("userErrors", error == null ? List.of() : List.of(Map.of("field", List.of("id"), "message", error)));
        return payload;
    }

    /** {@code currentBulkOperation(type:)}: the most recent one (the sandbox runs bulk queries only). */
    synchronized Map<String, Object> current(String type) {
        if (!"QUERY".equals(type) || operations.isEmpty()) {
            return null;
        }
        Operation last = null;
        for (Operation op : operations.values()) {
            last = op;
        }
        return view(last);
    }

    private String status(Operation op) {
        if (op.cancelledNanos() != null) {
            return nanoClock.getAsLong() - op.cancelledNanos() >= CANCEL_TIME.toNanos() ? "CANCELED" : "CANCELING";
        }
        long age = nanoClock.getAsLong() - op.createdNanos();
        if (age >= op.runTime().toNanos()) {
            if (op.errorCode() != null) {
                return "FAILED";
            }
            return urlValid(op) ? "COMPLETED" : "EXPIRED";
        }
        return age >= op.runTime().toNanos() / 4 ? "RUNNING" : "CREATED";
    }

    private Map<String, Object> view(Operation op) {
        String status = status(op);
        boolean done = "COMPLETED".equals(status);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", GID + op.id());
        view.put("type", "QUERY");
        view.put("status", status);
        boolean failed = "FAILED".equals(status);
        view.put("errorCode", failed ? op.errorCode() : null);
        view.put("query", op.query());
        view.put("createdAt", op.createdAt().toString());
        boolean ran = done || "EXPIRED".equals(status);
        view.put("completedAt", ran ? op.createdAt().plus(op.runTime()).toString() : null);
        view.put("objectCount", String.valueOf(ran ? op.objects() : 0));
        view.put("rootObjectCount", String.valueOf(ran ? op.roots() : 0));
        view.put("fileSize", done && op.objects() > 0 ? String.valueOf(op.file().length) : null);
        view.put("url", done && op.objects() > 0 ? filesBaseUrl + "/bulk/" + op.id() + ".jsonl?signature=" + op.signature() : null);
        view.put("partialDataUrl", failed && urlValid(op) && op.partialData() != null
                ? filesBaseUrl + "/bulk/" + op.id() + ".jsonl?signature=" + op.signature() : null);
        return view;
    }

    /** Shopify's limits on a bulk query's shape; null when it keeps them. */
    private String shapeError(Document document) {
        List<OperationDefinition> ops = document.getDefinitionsOfType(OperationDefinition.class);
        if (ops.size() != 1 || ops.get(0).getOperation() != OperationDefinition.Operation.QUERY) {
            return "Bulk queries must contain exactly one query operation.";
        }
        List<Field> top = ops.get(0).getSelectionSet().getSelectionsOfType(Field.class);
        if (top.size() != 1) {
            return "Bulk queries must contain exactly one top-level field.";
        }
        int[] connections = {0};
        int[] depth = {0};
        walk(ops.get(0).getSelectionSet(), schema.getQueryType(), 0, connections, depth);
        if (connections[0] == 0) {
            return "Bulk queries must contain at least one connection.";
        }
        if (connections[0] > MAX_CONNECTIONS) {
            return "Bulk queries cannot contain more than " + MAX_CONNECTIONS + " connections.";
        }
        if (depth[0] > MAX_DEPTH) {
            return "Bulk queries cannot contain connections with a nesting depth greater than " + MAX_DEPTH + ".";
        }
        return null;
    }

    private void walk(SelectionSet set, GraphQLObjectType type, int nesting, int[] connections, int[] depth) {
        if (set == null) {
            return;
        }
        for (Field field : set.getSelectionsOfType(Field.class)) {
            GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
            if (definition == null) {
                continue;
            }
            GraphQLType unwrapped = GraphQLTypeUtil.unwrapAll(definition.getType());
            int level = nesting;
            if (unwrapped instanceof GraphQLObjectType object && object.getName().endsWith("Connection")) {
                connections[0]++;
                level++;
                depth[0] = Math.max(depth[0], level);
            }
            if (unwrapped instanceof GraphQLObjectType object) {
                walk(field.getSelectionSet(), object, level, connections, depth);
            }
        }
    }

    private static Map<String, Object> userError(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("field", List.of("query"));
        error.put("message", message);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bulkOperation", null);
        payload.put("userErrors", List.of(error));
        return payload;
    }

    /** The JSONL lines of a result: nodes of connections, each child with its parent's id. */
    private final class Lines {
        private final boolean grouped;
        private final ByteArrayOutputStream parents = new ByteArrayOutputStream();
        private final ByteArrayOutputStream children = new ByteArrayOutputStream();
        long objects;
        long roots;

        Lines(boolean grouped) {
            this.grouped = grouped;
        }

        @SuppressWarnings("unchecked")
        void connection(Object value, String parentId) {
            if (!(value instanceof Map<?, ?> connection)) {
                return;
            }
            List<Object> nodes = new ArrayList<>();
            if (connection.get("nodes") instanceof List<?> list) {
                nodes.addAll(list);
            } else if (connection.get("edges") instanceof List<?> edges) {
                edges.forEach(e -> nodes.add(((Map<String, Object>) e).get("node")));
            }
            for (Object node : nodes) {
                node((Map<String, Object>) node, parentId);
            }
        }

        private void node(Map<String, Object> node, String parentId) {
            Map<String, Object> line = new LinkedHashMap<>();
            Map<String, Object> nested = new LinkedHashMap<>();
            node.forEach((k, v) -> {
                if (v instanceof Map<?, ?> m && (m.containsKey("nodes") || m.containsKey("edges"))) {
                    nested.put(k, v);
                } else {
                    line.put(k, v);
                }
            });
            if (parentId != null) {
                line.put("__parentId", parentId);
            } else {
                roots++;
            }
            objects++;
            write(parentId == null || grouped ? parents : children, line);
            String id = String.valueOf(node.get("id"));
            nested.values().forEach(v -> connection(v, id));
        }

        private void write(ByteArrayOutputStream out, Map<String, Object> line) {
            try {
                out.writeBytes(json.writeValueAsBytes(line));
                out.write('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] bytes() {
            parents.writeBytes(children.toByteArray());
            return parents.toByteArray();
        }
    }
}
