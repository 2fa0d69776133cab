package io.kontor.channel.shopify;

import io.kontor.channel.RecentVersions;

import java.time.Duration;
import java.time.Instant;

/**
 * One Shopify poll's progress, kept as an exchange property while the {@code shopify-orders-source} kamelet loops over
 * pages; the kamelet reads its getters.
 */
public final class ShopifyPollState {
    final String shop;
    final String endpoint;
    final ShopifyAccessTokens.Credentials credentials;
    /** The access token the last request carried. */
    String token;
    int unauthorized;
    /** Server errors answered in a row, and the pause before the same request is sent again. */
    int serverErrors;
    long retryMillis;
    final long retryPauseMillis;
    final int linesPerOrder;
    final int pageSize;
    final String searchQuery;
    final Duration overlap;
    /** The poll reads changes up to this second. */
    final Instant until;
    String cursor;
    boolean hasMore = true;
    long paceMillis;
    Instant pollMaxUpdatedAt;
    int orders;
    int pages;
    int pageOrders;
    /** The versions of the current page, remembered as handed on once the page is committed. */
    RecentVersions.Page page;
    /** The next request counts the orders changed since what was last read, to choose between pages and bulk. */
    boolean counting;
    /** At least this many orders changed after {@link #unread} make the poll read its window in bulk (0: never counts). */
    final int bulkAbove;
    /** Up to when the last complete poll read every change: only changes after it are counted. */
    final Instant unread;
    /** The window is read as one bulk operation: its id once started, its file once downloaded. */
    boolean bulk;
    final long bulkStatusMillis;
    /** How long the poll waits for its bulk operation before it cancels it and pages instead. */
    final Duration bulkTimeout;
    String bulkId;
    /** When the bulk operation was started (System.nanoTime). */
    long bulkStartedNanos;
    /** Started and neither finished nor given up: a poll that ends now leaves it to be cancelled. */
    boolean bulkRunning;
    long bulkWaitMillis;
    ShopifyBulkFile bulkFile;
    /** False while the next page comes from the downloaded bulk file rather than from an HTTP request. */
    boolean sendsRequest = true;

    ShopifyPollState(ShopifyAccessTokens.Credentials credentials, String endpoint, int linesPerOrder, int pageSize,
                     String searchQuery, Duration overlap, Instant until, boolean bulk, long bulkStatusMillis,
                     Duration bulkTimeout, int bulkAbove, Instant unread, long retryPauseMillis) {
        this.until = until;
        this.retryPauseMillis = retryPauseMillis;
        this.bulk = bulk;
        this.bulkAbove = bulkAbove;
        this.unread = unread;
        this.counting = !bulk && bulkAbove > 0;
        this.bulkStatusMillis = bulkStatusMillis;
        this.bulkTimeout = bulkTimeout;
        this.shop = credentials.shop();
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.linesPerOrder = linesPerOrder;
        this.pageSize = pageSize;
        this.searchQuery = searchQuery;
        this.overlap = overlap;
    }

    public boolean isHasMore() {
        return hasMore;
    }

    public long getPaceMillis() {
        return paceMillis;
    }

    public boolean isSendsRequest() {
        return sendsRequest;
    }

    /** Orders of the last page read that are to be handed on. */
    public int getPageOrders() {
        return pageOrders;
    }
}
