package io.kontor.channel.woocommerce;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** X-WC-Webhook-Signature: base64 HMAC-SHA256 of the raw body under the webhook's secret, nothing else passes. */
class WooCommerceWebhookSignatureTest {

    private static final byte[] BODY = "{\"id\":4711,\"status\":\"processing\"}".getBytes(StandardCharsets.UTF_8);
    // computed independently: printf '%s' '{"id":4711,"status":"processing"}' | openssl dgst -sha256 -hmac s3cret -binary | base64
    private static final String SIGNED = "dH/5hGuq/3QyCaW5vzV3fYhshWgjW3Dz02yNQ1wppyM=";

    @Test
    void onlyTheBodySignedWithTheSecretPasses() {
        assertThat(WooCommerceWebhookController.valid(BODY, SIGNED, "s3cret")).isTrue();
        assertThat(WooCommerceWebhookController.valid(BODY, SIGNED, "other")).isFalse();
        assertThat(WooCommerceWebhookController.valid("{\"id\":4712}".getBytes(StandardCharsets.UTF_8), SIGNED, "s3cret")).isFalse();
        assertThat(WooCommerceWebhookController.valid(BODY, null, "s3cret")).isFalse();
        assertThat(WooCommerceWebhookController.valid(BODY, "not base64 !", "s3cret")).isFalse();
        assertThat(WooCommerceWebhookController.valid(BODY, SIGNED, "")).isFalse();
        assertThat(WooCommerceWebhookController.valid(BODY, SIGNED, null)).isFalse();
    }
}
