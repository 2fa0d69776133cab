package io.kontor.it.invoices;

import io.kontor.it.Hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The invoice API of a running hub, as a finance clerk's script or the ERP would call it. */
public final class InvoiceApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RestClient client(Hub hub, String user, String password) {
        return RestClient.builder().baseUrl("http://localhost:" + hub.port()).defaultHeaders(h -> h.setBasicAuth(user, password)).build();
    }

    /** Hands a file in; the answer must be 202 with the invoice's id and status. */
    public static JsonNode upload(RestClient client, String name, byte[] content) {
        return client.post().uri("/api/invoices").contentType(MediaType.MULTIPART_FORM_DATA).body(form(name, content))
                .exchange((req, res) -> {
                    assertThat(res.getStatusCode().value()).as(name).isEqualTo(202);
                    return JSON.readTree(res.getBody());
                });
    }

    public static MultiValueMap<String, Object> form(String name, byte[] content) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        return form;
    }

    /** The status and the JSON body (a problem detail when refused) of a POST. */
    public record Answer(int status, JsonNode body) {
    }

    public static Answer post(RestClient client, String path, Object body) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((req, res) -> new Answer(res.getStatusCode().value(), JSON.readTree(res.getBody())));
    }

    public static JsonNode get(RestClient client, String path) {
        return client.get().uri(path).retrieve().body(JsonNode.class);
    }

    private InvoiceApi() {
    }
}
