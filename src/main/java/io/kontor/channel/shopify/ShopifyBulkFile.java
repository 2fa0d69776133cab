package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A downloaded bulk query result, read a few orders at a time from disk (a backfill can be larger than the heap).
 * The file is grouped ({@code groupObjects: true}): each order's line follows it, line items after it with
 * {@code __parentId}; each order comes out with {@code lineItems.nodes} complete, as the poller hands a paged order on.
 * Deleted when closed.
 */
final class ShopifyBulkFile implements Closeable {

    private final Path path;
    private final BufferedReader reader;
    private final ObjectMapper json;
    private ObjectNode pending;
    private ArrayNode pendingLines;
    private boolean done;
    private int lineNumber;

    ShopifyBulkFile(Path path, ObjectMapper json) throws IOException {
        this.path = path;
        this.json = json;
        this.reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
    }

    /** Up to {@code max} complete orders; fewer only at the end of the file. */
    List<JsonNode> next(int max) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        while (out.size() < max && !done) {
            String line = reader.readLine();
            lineNumber++;
            if (line == null) {
                if (pending != null) {
                    out.add(finish());
                }
                done = true;
            } else if (!line.isBlank()) {
                JsonNode read = json.readTree(line);
                if (!(read instanceof ObjectNode node)) {
                    throw new IOException("Shopify bulk file line " + lineNumber + " is not a JSON object");
                }
                JsonNode parent = node.remove("__parentId");
                if (parent == null) {
                    if (pending != null) {
                        out.add(finish());
                    }
                    pending = node;
                    pendingLines = json.createArrayNode();
                } else if (pending != null && parent.asText().equals(pending.path("id").asText())) {
                    pendingLines.add(node);
                } else {
                    throw new IOException("Shopify bulk file line " + lineNumber + " belongs to " + parent.asText()
                            + ", which is not the order before it (the file is not grouped)");
                }
            }
        }
        return out;
    }

    /** True once the whole file was read. */
    boolean done() {
        return done;
    }

    private JsonNode finish() {
        pending.putObject("lineItems").set("nodes", pendingLines);
        JsonNode order = pending;
        pending = null;
        pendingLines = null;
        return order;
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
