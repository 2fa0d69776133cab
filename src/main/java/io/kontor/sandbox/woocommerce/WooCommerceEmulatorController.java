package io.kontor.sandbox.woocommerce;

import io.kontor.sandbox.EmulatorHttp;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** Serves the emulated WooCommerce store under {@code /sandbox/woocommerce}: its {@code /wp-json} REST API. */
@Hidden
@RestController
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class WooCommerceEmulatorController {

    static final String PREFIX = "/sandbox/woocommerce";

    private final WooCommerceRestApi api;

    public WooCommerceEmulatorController(WooCommerceRestApi api) {
        this.api = api;
    }

    @RequestMapping(path = PREFIX + "/wp-json/**", method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> wpJson(HttpServletRequest request, @RequestBody(required = false) String body) {
        Map<String, String> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> query.put(k, v[0]));
        WooCommerceRestApi.Response r = api.handle(new WooCommerceRestApi.Request(request.getMethod(), EmulatorHttp.path(request, PREFIX),
                query, EmulatorHttp.headers(request), body));
        return EmulatorHttp.answer(r.status(), r.headers(), r.body());
    }
}
