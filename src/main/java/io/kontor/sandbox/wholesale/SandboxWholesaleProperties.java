package io.kontor.sandbox.wholesale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox wholesale partner: an SFTP server in the hub and a generator of order files on it.
 *
 * @param enabled        serve SFTP and generate files
 * @param port           SFTP port of the sandbox server
 * @param username       the partner's SFTP login
 * @param password       its password (secret)
 * @param partner        partner id in the file names
 * @param filesPerMinute order files the partner drops per minute (0: none)
 * @param seed           random seed of the generator
 */
@ConfigurationProperties("kontor.sandbox.wholesale")
public record SandboxWholesaleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2222") int port,
        @DefaultValue("acme") String username,
        @DefaultValue("sandbox-sftp") String password,
        @DefaultValue("acme") String partner,
        @DefaultValue("4") double filesPerMinute,
        @DefaultValue("20261127") long seed) {

    @Override
    public String toString() {
        return "SandboxWholesaleProperties[port=" + port + ", partner=" + partner + ", filesPerMinute=" + filesPerMinute + "]";
    }
}
