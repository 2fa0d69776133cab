package io.kontor.api;

import io.kontor.orders.RegisteredChannels;
import io.kontor.orders.spi.SalesChannel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/channels")
@Tag(name = "Channels", description = "The sales channels the hub takes orders from")
public class ChannelsController {

    private final RegisteredChannels channels;

    public ChannelsController(RegisteredChannels channels) {
        this.channels = channels;
    }

    @Operation(summary = "The registered sales channels: code and name, whether switched on or not")
    @GetMapping
    public List<SalesChannel> list() {
        return channels.all();
    }
}
