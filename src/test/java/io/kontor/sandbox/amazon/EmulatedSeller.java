package io.kontor.sandbox.amazon;

import java.time.Clock;
import java.util.Map;
import java.util.function.LongSupplier;

/** An emulated seller for the contract tests: its Selling Partner API and an access token of its app. */
record EmulatedSeller(SellingPartnerApi api, String token) {

    static final String SELLER = "A2SELLER";

    static EmulatedSeller on(Clock clock, LongSupplier nanos) {
        SandboxLoginWithAmazon lwa = new SandboxLoginWithAmazon("client", "secret", "Atzr|refresh", SandboxLoginWithAmazon.ACCESS_TOKEN_LIFETIME, clock);
        SellingPartnerApi api = new SellingPartnerApi(new SandboxAmazonSeller(SELLER), lwa, true, 1, clock, nanos);
        String token = (String) lwa.token(Map.of("grant_type", "refresh_token", "refresh_token", "Atzr|refresh", "client_id", "client",
                "client_secret", "secret")).body().get("access_token");
        return new EmulatedSeller(api, token);
    }
}
