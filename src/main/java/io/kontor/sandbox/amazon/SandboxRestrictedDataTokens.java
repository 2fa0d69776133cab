package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.amazon.SellingPartnerApi.Request;
import io.kontor.sandbox.amazon.SellingPartnerApi.Response;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kontor.sandbox.amazon.SellingPartnerApi.error;
import static io.kontor.sandbox.amazon.SellingPartnerApi.invalid;
import static io.kontor.sandbox.amazon.SellingPartnerApi.ok;

/**
 * The Tokens API's {@code createRestrictedDataToken}: a token naming the restricted v0 paths and data elements asked
 * for, refused for elements the seller's approved roles do not cover.
 */
final class SandboxRestrictedDataTokens {

    private static final Set<String> DATA_ELEMENTS = Set.of("buyerInfo", "shippingAddress", "buyerTaxInformation");
    private static final List<String> RESTRICTED_PATHS = List.of("/orders/v0/orders", "/orders/v0/orders/{orderId}",
            "/orders/v0/orders/{orderId}/address", "/orders/v0/orders/{orderId}/buyerInfo", "/orders/v0/orders/{orderId}/orderItems",
            "/orders/v0/orders/{orderId}/orderItems/buyerInfo");

    private final SandboxLoginWithAmazon lwa;
    private final boolean restrictedRolesGranted;
    private final ObjectMapper json = new ObjectMapper();

    SandboxRestrictedDataTokens(SandboxLoginWithAmazon lwa, boolean restrictedRolesGranted) {
        this.lwa = lwa;
        this.restrictedRolesGranted = restrictedRolesGranted;
    }

    Response create(Request request) {
        JsonNode body;
        try {
            body = json.readTree(request.body() == null ? "" : request.body());
        } catch (Exception e) {
            return invalid("The request body is not valid JSON.");
        }
        JsonNode resources = body == null ? null : body.path("restrictedResources");
        if (resources == null || !resources.isArray() || resources.isEmpty() || resources.size() > 50) {
            return invalid("restrictedResources must list 1 to 50 resources.");
        }
        Map<String, Set<String>> granted = new LinkedHashMap<>();
        Set<String> refused = new LinkedHashSet<>();
        for (JsonNode r : resources) {
            String method = r.path("method").asText("");
            String path = r.path("path").asText("");
            if (!"GET".equals(method) || RESTRICTED_PATHS.stream().noneMatch(p -> path.equals(p) || path.matches(p.replaceAll("\\{[^}]+}", "[^/{}]+")))) {
                return invalid("Resource " + method + " " + path + " is not a restricted operation.");
            }
            Set<String> elements = new LinkedHashSet<>();
            r.path("dataElements").forEach(d -> elements.add(d.asText()));
            for (String element : elements) {
                if (!DATA_ELEMENTS.contains(element)) {
                    return invalid("Unknown data element " + element + ".");
                }
            }
            if (!restrictedRolesGranted) {
                refused.addAll(elements);
            }
            granted.put(path, elements);
        }
        if (!refused.isEmpty()) {
            return error(400, "InvalidInput",
                    "Application does not have access to one or more requested data elements: " + refused, "");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("restrictedDataToken", lwa.issueRestrictedDataToken(granted));
        answer.put("expiresIn", lwa.restrictedDataTokenSeconds());
        return ok(answer);
    }

}
