package io.kontor.channel.wholesale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A wholesale partner that drops CSV order files on an SFTP server (channel-contracts.md §4.1); read by
 * routes/orders/wholesale-csv-orders.yaml through the sftp-files-source kamelet.
 *
 * @param enabled               start the route
 * @param partner               the partner id, as in its file names; the channel account of its orders
 * @param host                  SFTP host
 * @param port                  SFTP port
 * @param username              SFTP user
 * @param password              SFTP password (secret)
 * @param directory             where the partner puts order files
 * @param shipmentsDirectory    where we put SHIP files for the partner (its shipped parcels)
 * @param pollDelay             milliseconds between polls of the directory
 * @param strictHostKeyChecking "yes" in production (the host key must be in known_hosts); "no" for the sandbox
 * @param knownHostsFile        known_hosts file holding the partner server's host key
 */
@ConfigurationProperties("kontor.channels.wholesale-csv")
public record WholesaleCsvChannelProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("partner") String partner,
        @DefaultValue("localhost") String host,
        @DefaultValue("22") int port,
        String username,
        String password,
        @DefaultValue("/outbound/orders") String directory,
        @DefaultValue("/inbound/shipments") String shipmentsDirectory,
        @DefaultValue("5000") long pollDelay,
        @DefaultValue("yes") String strictHostKeyChecking,
        String knownHostsFile) {

    @Override
    public String toString() {
        return "WholesaleCsvChannelProperties[partner=" + partner + ", host=" + host + ":" + port + directory + "]";
    }
}
