package io.kontor.console;

import io.kontor.orders.RegisteredChannels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per sales channel: how far behind its polls are (the {@code kontor.channel.poll.behind} gauges), how often it
 * throttled (429) or failed (5xx) since start (Micrometer counters), and from PostgreSQL its orders and dead
 * letters of the last 24 hours and the newest change its watermark holds; and per channel account how far its stock
 * figures are behind (the sync lag).
 */
@Controller
class ChannelHealthController {

    private final RegisteredChannels channels;
    private final MeterRegistry meters;
    private final JdbcTemplate jdbc;
    private final io.kontor.stock.StockSync stock;

    ChannelHealthController(RegisteredChannels channels, MeterRegistry meters, JdbcTemplate jdbc, io.kontor.stock.StockSync stock) {
        this.channels = channels;
        this.meters = meters;
        this.jdbc = jdbc;
        this.stock = stock;
    }

    /** One channel's health. {@code pollsBehindSeconds}: stream → seconds (empty when this process has not polled it). */
    record Health(String code, String name, Map<String, Double> pollsBehindSeconds, double throttled, double serverErrors,
                  long ordersLastDay, long deadLettersLastDay, Object newestChange) {
    }

    @GetMapping("/console/channels")
    String channels(Model model) {
        Map<String, long[]> lastDay = new HashMap<>();
        jdbc.query("select lower(channel), count(*) from orders where received_at > now() - interval '24 hours' group by 1",
                rs -> {
                    lastDay.computeIfAbsent(rs.getString(1), k -> new long[2])[0] = rs.getLong(2);
                });
        Map<String, Object> newest = new HashMap<>();
        jdbc.query("select lower(channel), max(watermark) from channel_watermarks group by 1", rs -> {
            newest.put(rs.getString(1), rs.getTimestamp(2));
        });
        List<Health> health = new ArrayList<>();
        for (var channel : channels.all()) {
            String code = channel.channel().code().toLowerCase(Locale.ROOT);
            Map<String, Double> behind = new java.util.TreeMap<>();
            for (Gauge g : meters.find("kontor.channel.poll.behind").gauges()) {
                if (code.equalsIgnoreCase(g.getId().getTag("channel"))) {
                    behind.put(g.getId().getTag("account") + " · " + g.getId().getTag("stream"), g.value());
                }
            }
            Long deadLetters = jdbc.queryForObject("select count(*) from dead_letters where created_at > now() - interval '24 hours' and route_id like ?",
                    Long.class, code + "-%");
            health.add(new Health(code, channel.displayName(), behind, count("kontor.channel.throttled", code),
                    count("kontor.channel.server.errors", code), lastDay.getOrDefault(code, new long[2])[0],
                    deadLetters == null ? 0 : deadLetters, newest.get(code)));
        }
        model.addAttribute("channels", health);
        model.addAttribute("stockLag", stock.lag());
        return "console/channels";
    }

    private double count(String meter, String channel) {
        return meters.find(meter).counters().stream().filter(c -> channel.equalsIgnoreCase(c.getId().getTag("channel")))
                .mapToDouble(Counter::count).sum();
    }
}
