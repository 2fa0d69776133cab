package io.kontor.fulfilment;

import io.kontor.model.Channel;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Where orders are fulfilled from and how a warehouse is chosen (kontor.fulfilment.*).
 *
 * @param enabled       reserve stock and route orders (off: orders go to the ERP without either)
 * @param backorderRetryInterval milliseconds between tries of backordered orders
 * @param waveInterval  milliseconds between pick waves
 * @param maxOrdersPerPickList orders on one pick list at most (a cart's worth); a larger wave becomes several lists
 * @param feedDir       where pick lists are dropped for the warehouses, one folder per warehouse
 * @param warehouses    the warehouses that ship orders
 * @param splitChannels channels whose orders may ship from several warehouses when no single one can fill them
 * @param weights       how the routing score weighs filling the whole order, serving the destination and cost
 */
@ConfigurationProperties("kontor.fulfilment")
public record FulfilmentProperties(@DefaultValue("true") boolean enabled, @DefaultValue("15000") long backorderRetryInterval,
                                   @DefaultValue("60000") long waveInterval, @DefaultValue("200") int maxOrdersPerPickList,
                                   @DefaultValue("./data/warehouse") String feedDir,
                                   List<Warehouse> warehouses, Set<Channel> splitChannels, @DefaultValue Weights weights) {

    public FulfilmentProperties {
        if (maxOrdersPerPickList < 1) {
            throw new IllegalArgumentException("kontor.fulfilment.max-orders-per-pick-list must be at least 1, not " + maxOrdersPerPickList);
        }
        warehouses = warehouses == null ? List.of() : List.copyOf(warehouses);
        splitChannels = splitChannels == null ? Set.of() : Set.copyOf(splitChannels);
    }

    /**
     * One warehouse.
     *
     * @param code         short code, as stock levels and pick lists name it
     * @param name         display name
     * @param country      ISO country it ships from
     * @param zones        destination countries it serves at its normal rate (its own country always)
     * @param costPerOrder what shipping one order from here costs on average (a tie-breaker between warehouses)
     * @param street       its street address, the sender on shipping labels
     * @param postalCode   its postal code
     * @param city         its city
     */
    public record Warehouse(String code, String name, String country, List<String> zones, @DefaultValue("0") BigDecimal costPerOrder,
                            String street, String postalCode, String city) {

        public Warehouse {
            zones = zones == null ? List.of() : List.copyOf(zones);
        }

        boolean serves(String destination) {
            return destination != null && (destination.equalsIgnoreCase(country) || zones.stream().anyMatch(destination::equalsIgnoreCase));
        }
    }

    /**
     * @param fill points for a warehouse that can fill every line (part of them for a partial fill)
     * @param zone points for serving the destination country
     * @param cost points taken off per currency unit of cost per order
     */
    public record Weights(@DefaultValue("100") double fill, @DefaultValue("30") double zone, @DefaultValue("2") double cost) {
    }
}
