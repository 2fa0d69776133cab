package io.kontor.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.ValidationReport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel's official OpenAPI/Swagger file from the corpus, as a validator of what an emulator is asked and answers
 * (swagger-request-validator); skipped with a message where the corpus is absent.
 */
public final class ChannelSpec {

    private static final Map<String, OpenApiInteractionValidator> LOADED = new ConcurrentHashMap<>();
    private final OpenApiInteractionValidator validator;

    private ChannelSpec(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /** @param corpusPath the spec's path under the corpus root */
    public static ChannelSpec of(String corpusPath) {
        String url = Corpus.file(corpusPath).toUri().toString();
        return new ChannelSpec(LOADED.computeIfAbsent(url, u -> OpenApiInteractionValidator.createForSpecificationUrl(u).build()));
    }

    /** The request and the emulator's answer both keep the contract. */
    public void assertValid(Request request, Response response) {
        assertClean(validator.validate(request, response));
    }

    /** The answer keeps the contract (for requests that break it on purpose, to see the error the emulator gives). */
    public void assertValidResponse(String path, Request.Method method, Response response) {
        assertClean(validator.validateResponse(path, method, response));
    }

    /** The request breaks the contract (the emulator must refuse what the spec refuses). */
    public boolean accepts(Request request) {
        return !validator.validateRequest(request).hasErrors();
    }

    private static void assertClean(ValidationReport report) {
        assertThat(report.getMessages()).as("violations of the channel's official spec")
                .filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }
}
