package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bulk result read a few orders at a time, each whole; a file that is not what Shopify writes is refused. */
class ShopifyBulkFileTest {

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.writeString(dir.resolve("bulk.jsonl"), String.join("\n", lines) + "\n");
    }

    @Test
    void ordersComeOutWholeWithTheirLines() throws IOException {
        Path path = file(
                "{\"id\":\"gid://shopify/Order/1\",\"updatedAt\":\"2026-12-02T10:00:00Z\"}",
                "{\"id\":\"gid://shopify/LineItem/11\",\"sku\":\"A\",\"__parentId\":\"gid://shopify/Order/1\"}",
                "{\"id\":\"gid://shopify/LineItem/12\",\"sku\":\"B\",\"__parentId\":\"gid://shopify/Order/1\"}",
                "{\"id\":\"gid://shopify/Order/2\",\"updatedAt\":\"2026-12-02T10:00:01Z\"}",
                "",
                "{\"id\":\"gid://shopify/Order/3\",\"updatedAt\":\"2026-12-02T10:00:02Z\"}",
                "{\"id\":\"gid://shopify/LineItem/31\",\"sku\":\"C\",\"__parentId\":\"gid://shopify/Order/3\"}");
        try (ShopifyBulkFile bulk = new ShopifyBulkFile(path, json)) {
            List<JsonNode> first = bulk.next(2);
            assertThat(first).extracting(o -> o.get("id").asText()).containsExactly("gid://shopify/Order/1", "gid://shopify/Order/2");
            assertThat(first.get(0).at("/lineItems/nodes")).extracting(l -> l.get("sku").asText()).containsExactly("A", "B");
            assertThat(first.get(0).at("/lineItems/nodes/0").has("__parentId")).isFalse();
            assertThat(first.get(1).at("/lineItems/nodes")).isEmpty();
            assertThat(bulk.done()).isFalse();
            List<JsonNode> rest = bulk.next(2);
            assertThat(rest).hasSize(1);
            assertThat(rest.get(0).at("/lineItems/nodes/0/sku").asText()).isEqualTo("C");
            assertThat(bulk.done()).isTrue();
            assertThat(bulk.next(2)).isEmpty();
        }
        assertThat(path).as("removed once read").doesNotExist();
    }

    @Test
    void anUngroupedTruncatedOrForeignFileIsRefusedWithTheLineThatBreaksIt() throws IOException {
        Path ungrouped = file(
                "{\"id\":\"gid://shopify/Order/1\"}",
                "{\"id\":\"gid://shopify/Order/2\"}",
                "{\"id\":\"gid://shopify/LineItem/11\",\"__parentId\":\"gid://shopify/Order/1\"}");
        try (ShopifyBulkFile bulk = new ShopifyBulkFile(ungrouped, json)) {
            assertThatThrownBy(() -> bulk.next(10)).isInstanceOf(IOException.class)
                    .hasMessageContaining("line 3").hasMessageContaining("not grouped");
        }
        try (ShopifyBulkFile bulk = new ShopifyBulkFile(file("{\"id\":\"gid://shopify/Order/1\"}", "{\"id\":\"gid://shopify/Or"), json)) {
            assertThatThrownBy(() -> bulk.next(10)).isInstanceOf(IOException.class);
        }
        try (ShopifyBulkFile bulk = new ShopifyBulkFile(file("[1,2]"), json)) {
            assertThatThrownBy(() -> bulk.next(10)).isInstanceOf(IOException.class).hasMessageContaining("not a JSON object");
        }
        assertThat(dir.resolve("bulk.jsonl")).doesNotExist();
    }
}
