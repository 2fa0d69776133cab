package io.kontor.channel.shopify;

/**
 * The GraphQL documents the Shopify orders source sends, and their requested cost, so the poller can size
 * pages under Shopify's single-query limit and pace itself from the cost bucket.
 */
public final class ShopifyOrdersQuery {

    private static final String MONEY_BAG = "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }";
    private static final String ADDRESS = "{ firstName lastName name company address1 address2 city province provinceCode zip countryCodeV2 phone }";

    static final String LINE_FIELDS = """
            id sku name quantity currentQuantity unfulfilledQuantity
            originalUnitPriceSet %1$s
            discountedUnitPriceSet %1$s
            taxLines { title rate priceSet %1$s }
            variant { id inventoryItem { id } }""".formatted(MONEY_BAG);

    /** An order's own fields, without its lines. */
    private static final String ORDER_FIELDS = """
            id name createdAt updatedAt processedAt cancelledAt cancelReason closedAt test
            displayFinancialStatus displayFulfillmentStatus currencyCode presentmentCurrencyCode email phone
            customer { id firstName lastName }
            shippingAddress %2$s
            billingAddress %2$s
            subtotalPriceSet %1$s
            totalShippingPriceSet %1$s
            totalTaxSet %1$s
            totalDiscountsSet %1$s
            totalPriceSet %1$s
            totalRefundedSet %1$s""".formatted(MONEY_BAG, ADDRESS);

    /** Orders changed since {@code $q}'s updated_at bound, oldest change first. */
    public static String ordersSince(int linesPerOrder) {
        return """
                query OrdersSince($first: Int!, $after: String, $q: String!) {
                  orders(first: $first, after: $after, query: $q, sortKey: UPDATED_AT) {
                    pageInfo { hasNextPage endCursor }
                    nodes {
                      %1$s
                      lineItems(first: %2$d) {
                        pageInfo { hasNextPage endCursor }
                        nodes { %3$s }
                      }
                    }
                  }
                }""".formatted(ORDER_FIELDS, linesPerOrder, LINE_FIELDS);
    }

    /**
     * The same orders and fields as one bulk query (no paging: the file holds every match, each line item a line of
     * its own under its order).
     */
    public static String bulkOrders(String searchQuery) {
        String literal = searchQuery.replace("\\", "\\\\").replace("\"", "\\\"");
        return """
                {
                  orders(query: "%1$s", sortKey: UPDATED_AT) {
                    edges { node {
                      %2$s
                      lineItems { edges { node { %3$s } } }
                    } }
                  }
                }""".formatted(literal, ORDER_FIELDS, LINE_FIELDS);
    }

    /** Starts a bulk query; children follow their parent in the file, so it reads an order at a time. */
    public static final String RUN_BULK = """
            mutation RunBulkQuery($query: String!) {
              bulkOperationRunQuery(query: $query, groupObjects: true) {
                bulkOperation { id status }
                userErrors { field message code }
              }
            }""";

    /** A bulk operation's progress (API 2026-01 and later). */
    public static final String BULK_STATUS = """
            query BulkStatus($id: ID!) {
              bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount url partialDataUrl }
            }""";

    /** Stops a bulk query this poll no longer waits for, so it does not hold one of the shop's places until it ends. */
    public static final String CANCEL_BULK = """
            mutation CancelBulk($id: ID!) {
              bulkOperationCancel(id: $id) {
                bulkOperation { id status }
                userErrors { field message }
              }
            }""";

    /** Requested cost of a bulk mutation (10) with its payload, and of a status query. */
    public static final int RUN_BULK_COST = 10 + 3;
    public static final int CANCEL_BULK_COST = 10 + 3;
    static final int BULK_STATUS_COST = 1;

    /**
     * How many orders changed in a window, counted no further than {@code limit} (precision AT_LEAST then): Shopify
     * stops counting there, and the poller only needs to know whether a window is large enough to read in bulk.
     */
    public static final String ORDERS_COUNT = """
            query OrdersCount($q: String!, $limit: Int) {
              ordersCount(query: $q, limit: $limit) { count precision }
            }""";

    /** One object (Count); its scalar fields are free. */
    public static final int ORDERS_COUNT_COST = 1;

    /** The remaining lines of one order, for the rare order with more lines than a page carries. */
    public static final String MORE_LINES = """
            query MoreLines($id: ID!, $after: String) {
              order(id: $id) {
                lineItems(first: 50, after: $after) {
                  pageInfo { hasNextPage endCursor }
                  nodes { %s }
                }
              }
            }""".formatted(LINE_FIELDS);

    /** Requested cost of one line node: itself, two MoneyBags (3 each), taxLines + its MoneyBag, variant, inventoryItem. */
    static final int LINE_COST = 1 + 3 + 3 + 1 + 3 + 1 + 1;
    /** Requested cost of one order node without its lines: itself, customer, two addresses, six MoneyBags. */
    static final int ORDER_COST = 1 + 1 + 2 + 6 * 3;

    public static int requestedCostOf(int first, int linesPerOrder) {
        return 2 + first * (ORDER_COST + 2 + linesPerOrder * LINE_COST);
    }

    static final int MORE_LINES_COST = 1 + 2 + 50 * LINE_COST;

    /** The largest page whose requested cost stays within Shopify's single-query limit. */
    public static int pageSizeFor(int linesPerOrder, int maxQueryCost) {
        int perOrder = ORDER_COST + 2 + linesPerOrder * LINE_COST;
        return Math.max(1, Math.min(250, (maxQueryCost - 2) / perOrder));
    }

    private ShopifyOrdersQuery() {
    }
}
