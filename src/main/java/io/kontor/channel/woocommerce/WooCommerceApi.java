package io.kontor.channel.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.ChannelHttp;
import io.kontor.channel.MappingException;
import io.kontor.platform.TransientChannelException;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Calls to the store's REST API with its consumer key and secret (HTTP Basic, which WooCommerce accepts over HTTPS).
 * Throttling (429) and server errors are transient; WordPress's error answers ({@code {"code","message","data"}})
 * are refusals, not retried.
 */
@Component
public class WooCommerceApi {

    private final ChannelHttp http;
    private final WooCommerceProperties props;
    private final MeterRegistry meters;

    public WooCommerceApi(ChannelHttp http, WooCommerceProperties props, MeterRegistry meters) {
        this.http = http;
        this.props = props;
        this.meters = meters;
    }

    /** @param path below the site, e.g. {@code /wp-json/wc/v3/orders} */
    public ChannelHttp.Answer call(String method, String path, Map<String, String> query, String body) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((props.consumerKey() + ":" + props.consumerSecret())
                .getBytes(StandardCharsets.UTF_8));
        ChannelHttp.Answer a = http.call(props.account() + path, method, query, Map.of("Authorization", basic, "Accept", "application/json"), body);
        if (a.status() >= 200 && a.status() < 300) {
            return a;
        }
        if (a.status() == 429 || a.status() >= 500) {
            meters.counter("kontor.channel.throttled", "channel", WooCommerceChannel.WOOCOMMERCE.code()).increment();
            throw new TransientChannelException("WooCommerce " + method + " " + path + " answered " + a.status() + ": " + error(a.body()));
        }
        if (a.status() == 401 || a.status() == 403) {
            meters.counter("kontor.channel.unauthorized", "channel", WooCommerceChannel.WOOCOMMERCE.code()).increment();
        }
        throw new WooCommerceApiException(a.status(), a.body().path("code").asText(""),
                "WooCommerce " + method + " " + path + " answered " + a.status() + ": " + error(a.body()));
    }

    /** A JSON body that must be an array (a list call); anything else is the store's fault. */
    static JsonNode array(ChannelHttp.Answer a, String what) {
        if (!a.body().isArray()) {
            throw new MappingException("WooCommerce " + what + " is not a JSON array");
        }
        return a.body();
    }

    private static String error(JsonNode body) {
        return body.path("code").asText("?") + " - " + body.path("message").asText("");
    }
}
