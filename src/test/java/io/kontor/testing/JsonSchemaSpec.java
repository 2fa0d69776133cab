package io.kontor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel's official JSON Schema from the corpus (Amazon's listings feed and its processing report, draft 7), as a
 * validator of documents the hub writes and the emulators answer; skipped with a message where the corpus is absent.
 */
public final class JsonSchemaSpec {

    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();
    private final Schema schema;

    private JsonSchemaSpec(Schema schema) {
        this.schema = schema;
    }

    /** @param corpusPath the schema's path under the corpus root */
    public static JsonSchemaSpec of(String corpusPath) {
        java.nio.file.Path file = Corpus.file(corpusPath);
        return new JsonSchemaSpec(LOADED.computeIfAbsent(file.toString(), f -> {
            try {
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(Files.readString(file), InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** The violations of the schema (none: the document keeps it). */
    public List<String> violations(JsonNode document) {
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    public void assertValid(JsonNode document) {
        assertThat(violations(document)).as("violations of the channel's official JSON Schema").isEmpty();
    }
}
