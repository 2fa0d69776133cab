package io.kontor.stock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The daily variance between the ledger and every other system: per SKU, location and system the two figures and the
 * difference, taken from each system's latest word (a warehouse's or the ERP's snapshot against the ledger's units on
 * hand, a channel's own report against what it should show) and kept per day, so a report can show a day and the 30
 * before it.
 */
@Service("stockVariance")
public class StockVariance {

    public record Line(LocalDate day, String sku, String location, String system, int ledger, int reported, int difference) {
    }

    private static final RowMapper<Line> LINE = (rs, i) -> new Line(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getInt(7));

    private final JdbcTemplate jdbc;

    public StockVariance(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Today's figures, taken again (the route does this every hour; the day's last taking stands for it). */
    public int takeToday() {
        return take(LocalDate.now(ZoneOffset.UTC));
    }

    /** Takes a day's figures (again): every system's latest word against the ledger now. */
    @Transactional
    public int take(LocalDate day) {
        jdbc.update("delete from stock_variance where day = ?", Date.valueOf(day));
        int warehouses = jdbc.update("""
                insert into stock_variance (day, sku, location, system, ledger, reported, difference)
                select ?, r.sku, r.location, r.system, coalesce(l.on_hand, 0), r.quantity, r.quantity - coalesce(l.on_hand, 0)
                  from stock_reports r left join stock_levels l on l.sku = r.sku and l.warehouse = r.location""", Date.valueOf(day));
        int channels = jdbc.update("""
                insert into stock_variance (day, sku, location, system, ledger, reported, difference)
                select ?, sku, location, channel || ' ' || account, wanted, reported, reported - wanted
                  from stock_sync where reported is not null""", Date.valueOf(day));
        return warehouses + channels;
    }

    /** The lines that differ in the 30 days up to {@code day}, oldest day first: a report's day and its trend. */
    public List<Line> differencesSince(LocalDate day) {
        return jdbc.query("""
                select day, sku, location, system, ledger, reported, difference from stock_variance
                 where day between ?::date - 29 and ? and difference <> 0 order by day, sku, location, system""",
                LINE, Date.valueOf(day), Date.valueOf(day));
    }
}
