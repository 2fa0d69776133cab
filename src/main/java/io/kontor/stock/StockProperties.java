package io.kontor.stock;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Available-to-sell on the channels (kontor.stock.*).
 *
 * @param syncInterval milliseconds between looks for changed stock (planning) and for figures to send (each channel)
 * @param lagBound     a channel whose oldest unacknowledged change is older than this is behind: an alert event
 * @param allocation   per channel code (SHOPIFY, AMAZON …): what of the stock it may sell; absent: all, no buffer
 */
@ConfigurationProperties("kontor.stock")
public record StockProperties(@DefaultValue("true") boolean syncEnabled, @DefaultValue("100") long syncInterval,
                              @DefaultValue("PT30S") Duration lagBound, Map<String, Allocation> allocation) {

    public StockProperties {
        allocation = allocation == null ? Map.of() : Map.copyOf(allocation);
    }

    /** What a person's change on the channel leads to. */
    public enum OnChannelEdit {
        /** The ledger is the truth: its figure goes out again. */
        OVERWRITE,
        /** The channel's figure is taken over: the difference is booked as an adjustment, then pushed everywhere. */
        TAKE_OVER
    }

    /**
     * @param bufferUnits   units never offered on this channel (safety stock against oversells while a push travels)
     * @param bufferPercent and this share of what is available, rounded up
     * @param warehouses    the warehouses this channel sells from (empty: all)
     * @param showAtMost    never more than this many units shown (absent: no cap) — a listing whose stock changes all
     *                      the time then changes only when it runs low (eBay revises a listing at most 250 times a day)
     */
    public record Allocation(@DefaultValue("0") int bufferUnits, @DefaultValue("0") BigDecimal bufferPercent, List<String> warehouses,
                             @DefaultValue("OVERWRITE") OnChannelEdit onChannelEdit, Integer showAtMost) {

        public static final Allocation ALL = new Allocation(0, BigDecimal.ZERO, List.of(), OnChannelEdit.OVERWRITE, null);

        public Allocation {
            warehouses = warehouses == null ? List.of() : List.copyOf(warehouses);
            if (bufferUnits < 0 || bufferPercent.signum() < 0 || bufferPercent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("A stock buffer is 0 or more units and 0 to 100 percent");
            }
            if (showAtMost != null && showAtMost < 0) {
                throw new IllegalArgumentException("show-at-most is 0 or more units");
            }
        }

        /** What the channel may offer of {@code available} units. */
        public int offer(int available) {
            if (available <= 0) {
                return 0;
            }
            int percent = BigDecimal.valueOf(available).multiply(bufferPercent).divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).intValue();
            int offer = Math.max(0, available - bufferUnits - percent);
            return showAtMost == null ? offer : Math.min(offer, showAtMost);
        }

        public boolean sellsFrom(String warehouse) {
            return warehouses.isEmpty() || warehouses.contains(warehouse);
        }
    }

    public Allocation allocation(String channel) {
        for (Map.Entry<String, Allocation> e : allocation.entrySet()) {
            if (e.getKey().toUpperCase(Locale.ROOT).equals(channel.toUpperCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return Allocation.ALL;
    }
}
