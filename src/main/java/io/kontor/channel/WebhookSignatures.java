package io.kontor.channel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * The webhook signature most channels use: base64(HMAC-SHA256(raw body, secret)) in a header (Shopify's
 * {@code X-Shopify-Hmac-SHA256}, WooCommerce's {@code X-WC-Webhook-Signature}). Checked on the raw bytes, in constant
 * time, against every secret still in use (after a secret rotation a channel may still sign with the old one for a
 * while).
 */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    public static boolean valid(byte[] rawBody, String headerValue, List<String> secrets) {
        if (rawBody == null || headerValue == null || headerValue.isBlank()) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(headerValue.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        boolean valid = false;
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                // no early exit: the time taken does not tell which secret matched
                valid |= MessageDigest.isEqual(sign(rawBody, secret), presented);
            }
        }
        return valid;
    }

    /** The signature a channel would send for this body, base64-encoded. */
    public static String of(byte[] rawBody, String secret) {
        return Base64.getEncoder().encodeToString(sign(rawBody, secret));
    }

    private static byte[] sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
