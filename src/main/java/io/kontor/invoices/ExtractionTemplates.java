package io.kontor.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kontor.platform.JsonColumns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The extraction templates for plain-PDF invoices: those shipped under {@code invoices/templates/}, the installation's
 * own in {@code kontor.invoices.templates-folder}, and those learned from reviews (table {@code invoice_templates}, one
 * per supplier). Written templates are checked when the hub starts: a broken pattern stops it with the file's name.
 */
@Repository
public class ExtractionTemplates {

    private static final Logger log = LoggerFactory.getLogger(ExtractionTemplates.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final List<ExtractionTemplate> written;

    public ExtractionTemplates(JdbcTemplate jdbc, ObjectMapper json, InvoiceProperties properties) throws IOException {
        this.jdbc = jdbc;
        this.json = json;
        List<Resource> files = new ArrayList<>(List.of(new PathMatchingResourcePatternResolver().getResources("classpath*:invoices/templates/*.yaml")));
        if (!properties.templatesFolder().isBlank()) {
            try (Stream<Path> own = Files.list(Path.of(properties.templatesFolder()))) {
                own.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                        .forEach(p -> files.add(new FileSystemResource(p)));
            }
        }
        this.written = files.stream().map(ExtractionTemplates::load).toList();
        log.info("{} invoice extraction templates written for suppliers ({})", written.size(),
                String.join(", ", written.stream().map(ExtractionTemplate::issuer).toList()));
    }

    /** Learned templates first (they refine written ones), then the written ones. */
    public List<ExtractionTemplate> all() {
        List<ExtractionTemplate> all = new ArrayList<>(learned());
        all.addAll(written);
        return all;
    }

    List<ExtractionTemplate> learned() {
        return jdbc.query("select template from invoice_templates order by supplier_key", (rs, n) -> read(rs.getString(1)));
    }

    void save(String supplierKey, ExtractionTemplate template, UUID learnedFrom, String by) {
        jdbc.update("""
                insert into invoice_templates (supplier_key, template, learned_from, updated_by) values (?, ?::jsonb, ?, ?)
                on conflict (supplier_key) do update set template = excluded.template, learned_from = excluded.learned_from,
                    updated_by = excluded.updated_by, updated_at = now()""",
                supplierKey, JsonColumns.write(json, template), learnedFrom, by);
    }

    static ExtractionTemplate load(Resource file) {
        try (InputStream in = file.getInputStream()) {
            ExtractionTemplate template = new YAMLMapper().readValue(in, ExtractionTemplate.class);
            if (template.issuer() == null || template.keywords().isEmpty()) {
                throw new IllegalStateException("invoice template " + file.getFilename() + " needs an issuer and at least one keyword");
            }
            template.fields().forEach((field, regex) -> {
                if (!PdfTextExtraction.FIELDS.contains(field)) {
                    throw new IllegalStateException("invoice template " + file.getFilename() + ": unknown field " + field
                            + " (known: " + PdfTextExtraction.FIELDS + ")");
                }
                PdfTextExtraction.compile(regex);
            });
            if (template.lines() != null) {
                PdfTextExtraction.compile(template.lines());
            }
            return template;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("invoice template " + file.getFilename() + " is unreadable: " + e.getMessage(), e);
        }
    }

    private ExtractionTemplate read(String stored) {
        try {
            return json.readValue(stored, ExtractionTemplate.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored invoice template unreadable", e);
        }
    }
}
