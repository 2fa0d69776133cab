package io.kontor.orders;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import io.kontor.platform.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisteredChannelsTest {

    @Test
    void onlyRegisteredChannelsPass() {
        RegisteredChannels channels = new RegisteredChannels(List.of(new SalesChannel(Channel.of("SHOPIFY"), "Shopify"),
                new SalesChannel(Channel.of("AMAZON"), "Amazon")));
        channels.require(Channel.of("SHOPIFY"));
        assertThatThrownBy(() -> channels.require(Channel.of("WOOCOMMERCE"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("WOOCOMMERCE").hasMessageContaining("AMAZON, SHOPIFY");
        assertThatThrownBy(() -> channels.require(null)).isInstanceOf(BadInputException.class);
        assertThat(channels.all()).extracting(SalesChannel::displayName).containsExactly("Amazon", "Shopify");
    }

    @Test
    void twoChannelsCannotShareACode() {
        assertThatThrownBy(() -> new RegisteredChannels(List.of(new SalesChannel(Channel.of("SHOPIFY"), "Shopify"),
                new SalesChannel(Channel.of("SHOPIFY"), "Another")))).hasMessageContaining("SHOPIFY");
    }
}
