package io.kontor.platform;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** How far each channel poller has got; it only ever moves forward. */
@Component
public class Watermarks {

    private final JdbcTemplate jdbc;

    public Watermarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Instant> get(String channel, String account, String stream) {
        return jdbc.query("select watermark from channel_watermarks where channel = ? and channel_account = ? and stream = ?",
                (rs, i) -> rs.getTimestamp(1).toInstant(), channel, account, stream).stream().findFirst();
    }

    public void advance(String channel, String account, String stream, Instant to) {
        jdbc.update("""
                insert into channel_watermarks (channel, channel_account, stream, watermark) values (?, ?, ?, ?)
                on conflict (channel, channel_account, stream)
                do update set watermark = greatest(channel_watermarks.watermark, excluded.watermark), updated_at = now()""",
                channel, account, stream, Timestamp.from(to));
    }
}
