package io.kontor.stock;

import io.kontor.platform.BadInputException;
import io.kontor.stock.spi.ChannelHeldStock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What channels hold and sell themselves, per channel account and SKU, as their latest complete read said. */
@Service("heldStock")
public class HeldStock implements ChannelHeldStock {

    /** One channel account's stock of a SKU. */
    public record Holding(String channel, String account, String sku, int fulfillable, int inbound, int reserved, int unfulfillable,
                          int total, Instant asOf, Instant readAt) {
    }

    private final JdbcTemplate jdbc;

    public HeldStock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public int held(String channel, String account, List<Held> held) {
        Instant readAt = Instant.now();
        List<Object[]> rows = new ArrayList<>();
        for (Held h : held) {
            if (h.sku() == null || h.sku().isBlank() || h.fulfillable() < 0 || h.inbound() < 0 || h.reserved() < 0 || h.unfulfillable() < 0) {
                throw new BadInputException(channel + " " + account + " reported held stock without a SKU or below zero: " + h);
            }
            rows.add(new Object[]{channel, account, h.sku(), h.fulfillable(), h.inbound(), h.reserved(), h.unfulfillable(), h.total(),
                    Timestamp.from(h.asOf() == null ? readAt : h.asOf()), Timestamp.from(readAt)});
        }
        jdbc.batchUpdate("""
                insert into channel_held_stock (channel, account, sku, fulfillable, inbound, reserved, unfulfillable, total, as_of, read_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (channel, account, sku) do update set fulfillable = excluded.fulfillable, inbound = excluded.inbound,
                    reserved = excluded.reserved, unfulfillable = excluded.unfulfillable, total = excluded.total, as_of = excluded.as_of,
                    read_at = excluded.read_at""", rows);
        jdbc.update("delete from channel_held_stock where channel = ? and account = ? and read_at < ?", channel, account, Timestamp.from(readAt));
        return rows.size();
    }

    /** Every channel account's stock of a SKU. */
    public List<Holding> of(String sku) {
        return jdbc.query("""
                select channel, account, sku, fulfillable, inbound, reserved, unfulfillable, total, as_of, read_at
                  from channel_held_stock where sku = ? order by channel, account""",
                (rs, n) -> new Holding(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                        rs.getInt(8), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant()), sku);
    }
}
