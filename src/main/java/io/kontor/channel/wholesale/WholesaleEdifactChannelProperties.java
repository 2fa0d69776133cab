package io.kontor.channel.wholesale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A wholesale partner's EDIFACT ORDERS interchanges, in a directory of the same SFTP drop as its CSV files
 * (connection: {@link WholesaleCsvChannelProperties}); read by routes/orders/wholesale-edifact-orders.yaml.
 *
 * @param enabled         start the route
 * @param directory       where the partner puts its interchanges
 * @param include         file names to take
 * @param defaultCurrency the contract currency, for messages without a CUX segment
 * @param despatchDirectory where we put DESADV despatch advices for the partner
 * @param senderGln       our GLN as supplier, for interchanges whose order named none
 */
@ConfigurationProperties("kontor.channels.wholesale-edifact")
public record WholesaleEdifactChannelProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("/outbound/edifact") String directory,
        @DefaultValue(".*\\.(edi|EDI|edifact)") String include,
        @DefaultValue("EUR") String defaultCurrency,
        @DefaultValue("/inbound/edifact") String despatchDirectory,
        @DefaultValue("") String senderGln) {
}
