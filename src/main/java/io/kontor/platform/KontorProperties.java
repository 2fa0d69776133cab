package io.kontor.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hub-wide settings.
 *
 * @param topics   Kafka topic names
 * @param erp      the normalised ERP feed
 * @param instance this instance's name: Kafka static membership ({@code group.instance.id}) and audit
 */
@ConfigurationProperties("kontor")
public record KontorProperties(
        @DefaultValue Topics topics,
        @DefaultValue Erp erp,
        @DefaultValue("kontor-1") String instance) {

    /**
     * @param orders      the single order queue, keyed by channel + account + channel order id
     * @param erpOrders   normalised order versions for the ERP
     * @param deadLetters quarantined and dead-lettered messages, with the reason in headers
     */
    public record Topics(
            @DefaultValue("kontor.orders.v1") String orders,
            @DefaultValue("kontor.erp.orders.v1") String erpOrders,
            @DefaultValue("kontor.deadletters.v1") String deadLetters) {
    }

    /**
     * @param feedDir       folder receiving one JSON document per order version (written atomically)
     * @param feedDirEnabled write the folder drop at all (the topic is always written)
     */
    public record Erp(
            @DefaultValue("./data/erp-feed") String feedDir,
            @DefaultValue("true") boolean feedDirEnabled) {
    }
}
