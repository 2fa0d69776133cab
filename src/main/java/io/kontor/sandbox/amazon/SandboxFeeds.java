package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The Feeds API 2021-06-30 with {@code JSON_LISTINGS_FEED} (../shared/docs/stock-and-payout-contracts.md §2.2): a feed
 * document is created (201, a presigned upload URL that expires after five minutes), its content PUT to that URL with
 * the content type it was created with, then the feed created (202); the feed goes IN_QUEUE → IN_PROGRESS → DONE (or
 * FATAL when the document cannot be read as a listings feed, or CANCELLED while still queued), and a DONE feed has a
 * processing report v2 — per-message issues correlated by {@code messageId}, the summary counts, the items only when the
 * header asked for a report — as a GZIP-compressed result document. Each accepted message changes its listing exactly
 * as patchListingsItem would ({@link SandboxListings#apply}).
 */
public final class SandboxFeeds {

    static final String FEEDS = "/feeds/2021-06-30/feeds";
    static final String DOCUMENTS = "/feeds/2021-06-30/documents";
    /** Where presigned document URLs point (the emulator's stand-in for S3), below the emulator's prefix. */
    public static final String STORAGE = "/feed-documents/";
    static final Duration URL_LIFE = Duration.ofMinutes(5);
    static final Duration RETENTION = Duration.ofDays(90);
    static final String LISTINGS_FEED = "JSON_LISTINGS_FEED";
    static final int MAX_MESSAGES = 25_000;
    private static final Set<String> OPERATION_TYPES = Set.of("UPDATE", "PARTIAL_UPDATE", "PATCH", "DELETE");

    private static final class Document {
        final String id;
        final String contentType;
        final String signature = UUID.randomUUID().toString().replace("-", "");
        Instant urlExpires;
        byte[] content;
        boolean compressed;

        Document(String id, String contentType, Instant urlExpires) {
            this.id = id;
            this.contentType = contentType;
            this.urlExpires = urlExpires;
        }
    }

    private static final class Feed {
        final String id;
        final String type;
        final List<String> marketplaceIds;
        final String input;
        final Instant created;
        String status = "IN_QUEUE";
        Instant started;
        Instant ended;
        String result;

        Feed(String id, String type, List<String> marketplaceIds, String input, Instant created) {
            this.id = id;
            this.type = type;
            this.marketplaceIds = marketplaceIds;
            this.input = input;
            this.created = created;
        }
    }

    private final String sellerId;
    private final SandboxListings listings;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Document> documents = new LinkedHashMap<>();
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final Map<String, Object[]> pageTokens = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(50_000_000_000L);
    private volatile Duration queuedFor = Duration.ofSeconds(2);
    private volatile Duration processingFor = Duration.ofSeconds(3);

    SandboxFeeds(String sellerId, SandboxListings listings, Clock clock) {
        this.sellerId = sellerId;
        this.listings = listings;
        this.clock = clock;
    }

    /** How long a feed waits in the queue and is then processed (Amazon: minutes, more at busy times). */
    public void timing(Duration queued, Duration processing) {
        queuedFor = queued;
        processingFor = processing;
    }

    /** {@code createFeedDocument}: 201 with the document id and a presigned upload URL good for five minutes. */
    synchronized SellingPartnerApi.Response createDocument(String body, String storageBase) {
        JsonNode spec = read(body);
        if (spec == null || !spec.path("contentType").isTextual() || spec.path("contentType").asText().isBlank()) {
            return SellingPartnerApi.invalid("contentType is required.");
        }
        Document d = new Document("amzn1.tortuga.4." + UUID.randomUUID(), spec.get("contentType").asText(), clock.instant().plus(URL_LIFE));
        documents.put(d.id, d);
        return new SellingPartnerApi.Response(201, Map.of("Content-Type", "application/json"),
                Map.of("feedDocumentId", d.id, "url", url(storageBase, d)));
    }

    private String url(String storageBase, Document d) {
        return storageBase + STORAGE + d.id + "?X-Amz-Expires=300&X-Amz-Signature=" + d.signature;
    }

    /** {@code PUT} to a presigned URL: the document's content, with the content type the document was created with. */
    public synchronized StorageAnswer upload(String documentId, String signature, String contentType, byte[] content) {
        Document d = documents.get(documentId);
        StorageAnswer refused = refusedAccess(d, signature);
        if (refused != null) {
            return refused;
        }
        if (d.content != null && d.compressed) {
            return StorageAnswer.error(403, "AccessDenied", "A result document cannot be written.");
        }
        if (contentType == null || !contentType.replace(" ", "").equalsIgnoreCase(d.contentType.replace(" ", ""))) {
            return StorageAnswer.error(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided (Content-Type " + contentType
                            + ", signed for " + d.contentType + ").");
        }
        d.content = content;
        return new StorageAnswer(200, "application/xml", new byte[0]);
    }

    /** {@code GET} of a presigned URL: a result document's content as stored (GZIP when its document says so). */
    public synchronized StorageAnswer download(String documentId, String signature) {
        Document d = documents.get(documentId);
        StorageAnswer refused = refusedAccess(d, signature);
        if (refused != null) {
            return refused;
        }
        return d.content == null ? StorageAnswer.error(404, "NoSuchKey", "The specified key does not exist.")
                : new StorageAnswer(200, "application/octet-stream", d.content);
    }

    private StorageAnswer refusedAccess(Document d, String signature) {
        if (d == null) {
            return StorageAnswer.error(404, "NoSuchKey", "The specified key does not exist.");
        }
        if (!d.signature.equals(signature)) {
            return StorageAnswer.error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        }
        if (clock.instant().isAfter(d.urlExpires)) {
            return StorageAnswer.error(403, "AccessDenied", "Request has expired");
        }
        return null;
    }

    /** {@code createFeed}: 202 with the feed id; a listings feed only, for the seller's marketplaces, from a document of its own. */
    synchronized SellingPartnerApi.Response createFeed(String body) {
        JsonNode spec = read(body);
        if (spec == null || !spec.path("feedType").isTextual() || !spec.path("inputFeedDocumentId").isTextual()
                || !spec.path("marketplaceIds").isArray() || spec.path("marketplaceIds").isEmpty() || spec.path("marketplaceIds").size() > 25) {
            return SellingPartnerApi.invalid("feedType, inputFeedDocumentId and 1 to 25 marketplaceIds are required.");
        }
        if (!LISTINGS_FEED.equals(spec.get("feedType").asText())) {
            return SellingPartnerApi.invalid("The feed type " + spec.get("feedType").asText() + " is not supported here.");
        }
        if (!documents.containsKey(spec.get("inputFeedDocumentId").asText())) {
            return SellingPartnerApi.invalid("The feed document " + spec.get("inputFeedDocumentId").asText() + " does not exist.");
        }
        List<String> marketplaces = new ArrayList<>();
        spec.get("marketplaceIds").forEach(m -> marketplaces.add(m.asText()));
        Feed f = new Feed(String.valueOf(ids.incrementAndGet()), LISTINGS_FEED, marketplaces, spec.get("inputFeedDocumentId").asText(), clock.instant());
        feeds.put(f.id, f);
        return new SellingPartnerApi.Response(202, Map.of("Content-Type", "application/json"), Map.of("feedId", f.id));
    }

    /** {@code getFeed}: the feed as it stands now. */
    synchronized SellingPartnerApi.Response getFeed(String feedId) {
        Feed f = feeds.get(feedId);
        if (f == null) {
            return SellingPartnerApi.error(404, "NotFound", "The resource specified does not exist.", "Feed " + feedId);
        }
        advance(f);
        return SellingPartnerApi.ok(view(f));
    }

    /** {@code cancelFeed}: only while the feed is still queued. */
    synchronized SellingPartnerApi.Response cancelFeed(String feedId) {
        Feed f = feeds.get(feedId);
        if (f == null) {
            return SellingPartnerApi.error(404, "NotFound", "The resource specified does not exist.", "Feed " + feedId);
        }
        advance(f);
        if (!"IN_QUEUE".equals(f.status)) {
            return SellingPartnerApi.invalid("The feed is " + f.status + "; only a feed IN_QUEUE can be cancelled.");
        }
        f.status = "CANCELLED";
        f.ended = clock.instant();
        return new SellingPartnerApi.Response(200, Map.of(), null); // the spec's 200 has no body
    }

    /** {@code getFeedDocument}: a fresh presigned URL for a document, and how its content is compressed. */
    synchronized SellingPartnerApi.Response getDocument(String documentId, String storageBase) {
        Document d = documents.get(documentId);
        if (d == null) {
            return SellingPartnerApi.error(404, "NotFound", "The resource specified does not exist.", "Feed document " + documentId);
        }
        d.urlExpires = clock.instant().plus(URL_LIFE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("feedDocumentId", d.id);
        body.put("url", url(storageBase, d));
        if (d.compressed) {
            body.put("compressionAlgorithm", "GZIP");
        }
        return SellingPartnerApi.ok(body);
    }

    /**
     * {@code getFeeds}: by feed types (required, unless a next token is given — then as the only parameter), processing
     * statuses and creation time (90 days back by default), at most {@code pageSize} (1–100, default 10) a page.
     */
    synchronized SellingPartnerApi.Response getFeeds(SellingPartnerApi.Request request) {
        String next = request.param("nextToken");
        List<String> types;
        List<String> statuses;
        Instant since;
        int size;
        int from;
        if (next != null) {
            if (request.query().size() > 1) {
                return SellingPartnerApi.invalid("nextToken must be the only parameter.");
            }
            Object[] token = pageTokens.remove(next);
            if (token == null) {
                return SellingPartnerApi.invalid("Invalid nextToken.");
            }
            @SuppressWarnings("unchecked") List<String> t = (List<String>) token[0];
            @SuppressWarnings("unchecked") List<String> st = (List<String>) token[1];
            types = t;
            statuses = st;
            since = (Instant) token[2];
            size = (Integer) token[3];
            from = (Integer) token[4];
        } else {
            types = request.list("feedTypes");
            if (types.isEmpty()) {
                return SellingPartnerApi.invalid("feedTypes is required unless nextToken is given.");
            }
            statuses = request.list("processingStatuses");
            String pageSize = request.param("pageSize");
            size = pageSize == null ? 10 : Integer.parseInt(pageSize);
            if (size < 1 || size > 100) {
                return SellingPartnerApi.invalid("pageSize must be 1 to 100.");
            }
            since = request.param("createdSince") == null ? clock.instant().minus(RETENTION) : Instant.parse(request.param("createdSince"));
            from = 0;
        }
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Feed f : feeds.values()) {
            advance(f);
            if (types.contains(f.type) && (statuses.isEmpty() || statuses.contains(f.status)) && !f.created.isBefore(since)
                    && f.created.isAfter(clock.instant().minus(RETENTION))) {
                matching.add(view(f));
            }
        }
        int to = Math.min(matching.size(), from + size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("feeds", matching.subList(Math.min(from, to), to));
        if (to < matching.size()) {
            String token = UUID.randomUUID().toString();
            pageTokens.put(token, new Object[]{types, statuses, since, size, to});
            body.put("nextToken", token);
        }
        return SellingPartnerApi.ok(body);
    }

    private Map<String, Object> view(Feed f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("feedId", f.id);
        v.put("feedType", f.type);
        v.put("marketplaceIds", f.marketplaceIds);
        v.put("createdTime", f.created.toString());
        v.put("processingStatus", f.status);
        if (f.started != null) {
            v.put("processingStartTime", f.started.toString());
        }
        if (f.ended != null) {
            v.put("processingEndTime", f.ended.toString());
        }
        if (f.result != null) {
            v.put("resultFeedDocumentId", f.result);
        }
        return v;
    }

    /** Moves a feed on as time has passed; a feed reaching its end is processed then, once. */
    private void advance(Feed f) {
        Instant now = clock.instant();
        if ("IN_QUEUE".equals(f.status) && !now.isBefore(f.created.plus(queuedFor))) {
            f.status = "IN_PROGRESS";
            f.started = f.created.plus(queuedFor);
        }
        if ("IN_PROGRESS".equals(f.status) && !now.isBefore(f.started.plus(processingFor))) {
            f.ended = f.started.plus(processingFor);
            process(f);
        }
    }

    private void process(Feed f) {
        Document input = documents.get(f.input);
        JsonNode feed = input.content == null ? null : read(new String(input.content, StandardCharsets.UTF_8));
        String fatal = fatal(feed);
        if (fatal != null) {
            f.status = "FATAL";
            f.result = report(f, Map.of("header", Map.of("sellerId", sellerId, "version", "2.0", "feedId", f.id),
                    "issues", List.of(Map.of("code", "100001", "severity", "ERROR", "message", fatal)),
                    "summary", Map.of("errors", 1, "warnings", 0, "messagesProcessed", 0, "messagesAccepted", 0, "messagesInvalid", 0)));
            return;
        }
        List<Map<String, Object>> issues = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        int accepted = 0;
        int invalid = 0;
        List<Map<String, Object>> items = new ArrayList<>();
        for (JsonNode m : feed.get("messages")) {
            List<Map<String, Object>> found = message(m, seen);
            long messageId = m.path("messageId").asLong();
            String sku = m.path("sku").asText("");
            for (Map<String, Object> issue : found) {
                Map<String, Object> withId = new LinkedHashMap<>();
                if (messageId >= 1) {
                    withId.put("messageId", messageId);
                }
                if (!sku.isEmpty()) {
                    withId.put("sku", sku);
                }
                withId.put("code", issue.get("code"));
                withId.put("severity", issue.get("severity"));
                withId.put("message", issue.get("message"));
                @SuppressWarnings("unchecked") List<String> attributes = (List<String>) issue.getOrDefault("attributeNames", List.of());
                if (!attributes.isEmpty()) {
                    withId.put("attributeName", attributes.get(0));
                }
                issues.add(withId);
            }
            if (found.isEmpty()) {
                accepted++;
                items.add(Map.of("sku", sku, "status", List.of("BUYABLE")));
            } else {
                invalid++;
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("sellerId", sellerId);
        header.put("version", "2.0");
        header.put("feedId", f.id);
        boolean withItems = feed.path("header").has("report");
        if (withItems) {
            header.put("report", feed.path("header").path("report"));
        }
        report.put("header", header);
        report.put("issues", issues);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("errors", issues.size());
        summary.put("warnings", 0);
        summary.put("messagesProcessed", accepted + invalid);
        summary.put("messagesAccepted", accepted);
        summary.put("messagesInvalid", invalid);
        report.put("summary", summary);
        if (withItems) {
            report.put("items", items);
        }
        f.status = "DONE";
        f.result = report(f, report);
    }

    /** Why a document is no listings feed of this seller at all; null when its messages can be processed. */
    private String fatal(JsonNode feed) {
        if (feed == null || !feed.isObject()) {
            return "The feed document is not JSON (or was never uploaded).";
        }
        JsonNode header = feed.path("header");
        if (!"2.0".equals(header.path("version").asText()) || !header.path("sellerId").isTextual()) {
            return "The feed header must name the sellerId and version 2.0.";
        }
        if (!sellerId.equals(header.path("sellerId").asText())) {
            return "The feed names seller " + header.path("sellerId").asText() + ", not the seller of this token.";
        }
        JsonNode messages = feed.path("messages");
        if (!messages.isArray() || messages.isEmpty() || messages.size() > MAX_MESSAGES) {
            return "A listings feed holds 1 to " + MAX_MESSAGES + " messages.";
        }
        return null;
    }

    /** One message's issues (none: accepted and applied). */
    private List<Map<String, Object>> message(JsonNode m, Set<Long> seen) {
        long messageId = m.path("messageId").canConvertToLong() ? m.path("messageId").asLong() : -1;
        if (messageId < 1 || messageId > Integer.MAX_VALUE) {
            return List.of(issue("4000004", "messageId must be an integer from 1 to 2147483647."));
        }
        if (!seen.add(messageId)) {
            return List.of(issue("4000004", "messageId " + messageId + " is used more than once in this feed."));
        }
        if (!m.path("sku").isTextual() || m.path("sku").asText().isEmpty()) {
            return List.of(issue("4000001", "sku is required."));
        }
        String operation = m.path("operationType").asText();
        if (!OPERATION_TYPES.contains(operation)) {
            return List.of(issue("4000004", "operationType must be one of " + OPERATION_TYPES + "."));
        }
        if (!"PATCH".equals(operation)) {
            return List.of(issue("4000004", "Only PATCH messages of fulfillment_availability are processed by this emulator."));
        }
        String malformed = SandboxListings.malformed(m);
        if (malformed != null) {
            return List.of(issue("4000004", malformed));
        }
        return listings.apply(m.get("sku").asText(), m.get("productType").asText(), m.get("patches"));
    }

    private String report(Feed f, Map<String, Object> report) {
        Document d = new Document("amzn1.tortuga.4.result." + UUID.randomUUID(), "application/json; charset=UTF-8", clock.instant().plus(URL_LIFE));
        try {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write(json.writeValueAsBytes(report));
            }
            d.content = zipped.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        d.compressed = true;
        documents.put(d.id, d);
        return d.id;
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Object> issue(String code, String message) {
        return Map.of("code", code, "severity", "ERROR", "message", message);
    }

    /** An answer of the document storage (S3's XML error shape). */
    public record StorageAnswer(int status, String contentType, byte[] body) {

        static StorageAnswer error(int status, String code, String message) {
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                    .replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>";
            return new StorageAnswer(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
        }
    }
}
