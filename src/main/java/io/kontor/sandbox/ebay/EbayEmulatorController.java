package io.kontor.sandbox.ebay;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** Serves the emulated eBay endpoints under {@code /sandbox/ebay}: the OAuth token endpoint, the Sell Fulfillment and Inventory APIs. */
@Hidden
@RestController
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class EbayEmulatorController {

    static final String PREFIX = "/sandbox/ebay";

    private final EbayFulfillmentApi api;
    private final EbayInventoryApi inventory;
    private final SandboxEbayOAuth oauth;

    public EbayEmulatorController(EbayFulfillmentApi api, EbayInventoryApi inventory, SandboxEbayOAuth oauth) {
        this.api = api;
        this.inventory = inventory;
        this.oauth = oauth;
    }

    @PostMapping(path = PREFIX + "/identity/v1/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestHeader(name = "Authorization", required = false) String authorization,
                                                     @RequestParam Map<String, String> form) {
        SandboxEbayOAuth.Response r = oauth.token(authorization, form);
        return ResponseEntity.status(r.status()).body(r.body());
    }

    @org.springframework.web.bind.annotation.RequestMapping(path = PREFIX + EbayFulfillmentApi.BASE + "/**",
            method = {org.springframework.web.bind.annotation.RequestMethod.GET, org.springframework.web.bind.annotation.RequestMethod.POST},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> fulfillment(HttpServletRequest request,
                                              @org.springframework.web.bind.annotation.RequestBody(required = false) String body) {
        return serve(api::handle, request, body);
    }

    @org.springframework.web.bind.annotation.RequestMapping(path = PREFIX + EbayInventoryApi.BASE + "/**",
            method = {org.springframework.web.bind.annotation.RequestMethod.GET, org.springframework.web.bind.annotation.RequestMethod.POST,
                    org.springframework.web.bind.annotation.RequestMethod.PUT},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> inventory(HttpServletRequest request,
                                            @org.springframework.web.bind.annotation.RequestBody(required = false) String body) {
        return serve(inventory::handle, request, body);
    }

    private static ResponseEntity<Object> serve(java.util.function.Function<EbayFulfillmentApi.Request, EbayFulfillmentApi.Response> api,
                                                HttpServletRequest request, String body) {
        Map<String, String> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> query.put(k, v[0]));
        EbayFulfillmentApi.Response r = api.apply(new EbayFulfillmentApi.Request(request.getMethod(),
                io.kontor.sandbox.EmulatorHttp.path(request, PREFIX), query, io.kontor.sandbox.EmulatorHttp.headers(request), body));
        return io.kontor.sandbox.EmulatorHttp.answer(r.status(), r.headers(), r.body());
    }
}
