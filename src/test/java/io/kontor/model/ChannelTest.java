package io.kontor.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A channel code is an open value: written as its code, read back equal, malformed codes refused. */
class ChannelTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writtenAndReadAsItsCode() throws Exception {
        assertThat(json.writeValueAsString(Map.of("channel", Channel.of("WOOCOMMERCE")))).isEqualTo("{\"channel\":\"WOOCOMMERCE\"}");
        assertThat(json.readValue("\"SHOPIFY\"", Channel.class)).isEqualTo(Channel.of("SHOPIFY")).hasToString("SHOPIFY");
        assertThat(Channel.of("WHOLESALE_CSV").name()).isEqualTo("WHOLESALE_CSV");
    }

    @Test
    void malformedCodesAreRefused() {
        for (String bad : new String[] {"shopify", "", "S", "1SHOP", "SHOP-IFY", "SHOP IFY", "A".repeat(33)}) {
            assertThatThrownBy(() -> Channel.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Channel.of(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.readValue("\"shop\"", Channel.class)).hasStackTraceContaining("channel code");
    }
}
