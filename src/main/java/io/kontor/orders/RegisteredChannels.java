package io.kontor.orders;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import io.kontor.platform.BadInputException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The sales channels the hub knows: each channel declares itself ({@link SalesChannel} beans); orders of others are refused. */
@Component
public class RegisteredChannels {

    private final Map<Channel, SalesChannel> byCode = new TreeMap<>();

    public RegisteredChannels(List<SalesChannel> channels) {
        for (SalesChannel c : channels) {
            if (byCode.putIfAbsent(c.channel(), c) != null) {
                throw new IllegalStateException("Two channels declare the code " + c.channel());
            }
        }
    }

    /** @throws BadInputException the channel is not one the hub knows */
    public void require(Channel channel) {
        if (channel == null || !byCode.containsKey(channel)) {
            throw new BadInputException("Unknown sales channel " + channel + "; the hub knows " + byCode.keySet());
        }
    }

    public List<SalesChannel> all() {
        return List.copyOf(byCode.values());
    }
}
