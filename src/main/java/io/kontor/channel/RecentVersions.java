package io.kontor.channel;

import io.kontor.platform.Digests;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order versions a poller already handed on, per channel account, for as long as the overlap window can read
 * them again: a version comes back in the next poll's overlap and is left out instead of being published (and
 * its details fetched) once more. A version is its change time plus the digest of its payload, so a second change
 * within the same second still goes out. Kept in memory: after a restart the overlap is published again and
 * recognised downstream.
 */
public final class RecentVersions {

    private record Version(Instant updatedAt, String digest) {
    }

    private final Map<String, Map<String, Version>> handedOn = new ConcurrentHashMap<>();

    /** One page being read: the versions it hands on, remembered only once the page is committed. */
    public final class Page {
        private final String account;
        private final Map<String, Version> versions = new LinkedHashMap<>();
        private Instant maxUpdatedAt;

        private Page(String account) {
            this.account = account;
        }

        /** True (and noted for this page) when the version is new; false when it was handed on before. */
        public boolean isNew(String orderId, Instant updatedAt, String payload) {
            if (maxUpdatedAt == null || updatedAt.isAfter(maxUpdatedAt)) {
                maxUpdatedAt = updatedAt;
            }
            Version v = new Version(updatedAt, Digests.sha256Hex(payload));
            if (v.equals(known(account).get(orderId))) {
                return false;
            }
            versions.put(orderId, v);
            return true;
        }

        /** The newest change time seen on this page, new or not; null for an empty page. */
        public Instant maxUpdatedAt() {
            return maxUpdatedAt;
        }

        /** The page's versions are on the queue: remember them, and forget those the next poll cannot read again. */
        public void commit(Duration overlap) {
            if (maxUpdatedAt == null) {
                return;
            }
            Map<String, Version> known = known(account);
            known.putAll(versions);
            Instant oldestReadAgain = maxUpdatedAt.minus(overlap).minusSeconds(1);
            known.values().removeIf(v -> v.updatedAt().isBefore(oldestReadAgain));
            versions.clear();
        }
    }

    public Page page(String account) {
        return new Page(account);
    }

    private Map<String, Version> known(String account) {
        return handedOn.computeIfAbsent(account, k -> new ConcurrentHashMap<>());
    }
}
