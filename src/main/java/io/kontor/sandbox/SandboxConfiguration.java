package io.kontor.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox: channel emulators served by this app and a generator of business traffic, so a fresh
 * {@code ./mvnw spring-boot:run} shows orders flowing end to end. Off in the {@code prod} profile. What all of it
 * shares is here — the schedules, the state kept under the data directory, the warehouses' stock and shipping; each
 * channel's emulator has a configuration of its own in its folder ({@code sandbox.<channel>}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean
    SandboxSchedules sandboxSchedules() {
        return new SandboxSchedules();
    }

    /**
     * The channels' state under the data directory, saved every few seconds and last when the app is torn down: after
     * Camel stopped, so that what the hub sent the emulated channels while draining is kept too.
     */
    @Bean(destroyMethod = "save")
    SandboxState sandboxState(SandboxSchedules schedules,
                              @org.springframework.beans.factory.annotation.Value("${kontor.embedded.data-dir:./data}") java.nio.file.Path dataDir) {
        SandboxState state = new SandboxState(dataDir.resolve("sandbox"));
        schedules.withFixedDelay("sandbox-state", java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(10), state::save);
        log.info("Sandbox run {} keeps its channels' state in {}", state.run(), dataDir.resolve("sandbox"));
        return state;
    }

    /** The warehouses' opening stock, then goods receipts every 30 s for what runs low. */
    @Bean
    @ConditionalOnProperty(prefix = "kontor.fulfilment", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSchedules.Job sandboxStockReceipts(io.kontor.stock.StockLedger ledger, io.kontor.fulfilment.FulfilmentProperties fulfilment,
                                              org.springframework.transaction.support.TransactionTemplate tx, SandboxSchedules schedules) {
        SandboxStock stock = new SandboxStock(ledger, fulfilment, tx, 20261127);
        stock.seedIfEmpty();
        log.info("Sandbox warehouses {} stock {} SKUs", fulfilment.warehouses().stream().map(io.kontor.fulfilment.FulfilmentProperties.Warehouse::code).toList(),
                SandboxStock.skus().size());
        return schedules.withFixedDelay("sandbox-stock", java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30),
                () -> stock.replenish(3, 25));
    }

    /**
     * The sandbox warehouses' WMS snapshots and movements and the ERP's stock figures every minute, now and then with a
     * fault the reconciliation is to find (units a WMS lost, a shipment it booked twice, a receipt the ERP never got)
     * and a transfer between warehouses. The warehouses with a file drop (Vienna's WMS: sandbox-wms.properties) write
     * files to their SFTP server; the others send on the WMS topics.
     */
    @Bean
    @ConditionalOnProperty(prefix = "kontor.fulfilment", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSchedules.Job sandboxStockSystems(io.kontor.stock.StockLedger ledger, io.kontor.stock.StockReconciliation reconciliation,
                                             com.fasterxml.jackson.databind.ObjectMapper json, org.apache.camel.ProducerTemplate producer,
                                             org.springframework.core.env.Environment env, SandboxSchedules schedules,
                                             org.springframework.beans.factory.ObjectProvider<SandboxWmsConfiguration.WmsDrops> wmsDrops,
                                             SandboxState state) {
        SandboxStockSystems systems = new SandboxStockSystems(ledger, reconciliation, json, 20261207, 0.3);
        state.track("stock-transfers", SandboxState.part(systems::saved, (saved, mapper) -> systems.restore(mapper.convertValue(saved,
                SandboxState.LIST_OF_MAPS))));
        String snapshots = "kafka:" + env.getRequiredProperty("kontor.topics.wms-stock-snapshots");
        String movements = "kafka:" + env.getRequiredProperty("kontor.topics.wms-stock-movements");
        String erp = "kafka:" + env.getRequiredProperty("kontor.topics.erp-stock");
        String key = org.apache.camel.component.kafka.KafkaConstants.KEY;
        java.util.Map<String, SandboxWmsDrop> files = wmsDrops.getIfAvailable(() -> new SandboxWmsConfiguration.WmsDrops(java.util.Map.of(), null))
                .byWarehouse();
        SandboxStockSystems.Outlets outlets = new SandboxStockSystems.Outlets(
                SandboxStockSystems.fileOr(files, SandboxWmsDrop::snapshot, (warehouse, body) -> producer.sendBodyAndHeader(snapshots, body, key, warehouse)),
                SandboxStockSystems.fileOr(files, SandboxWmsDrop::movement, (warehouse, body) -> producer.sendBodyAndHeader(movements, body, key, warehouse)),
                body -> producer.sendBodyAndHeader(erp, body, key, "ERP"));
        return schedules.withFixedDelay("sandbox-stock-systems", java.time.Duration.ofSeconds(45), java.time.Duration.ofSeconds(60),
                () -> systems.report(outlets));
    }

    /**
     * The sandbox warehouses hand labelled parcels to the carrier a while after labelling and report each on the
     * warehouse topic, as a WMS would.
     */
    @Bean
    @ConditionalOnProperty(prefix = "kontor.fulfilment", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSchedules.Job sandboxWarehouseShipping(io.kontor.shipping.Shipments shipments, org.apache.camel.ProducerTemplate producer,
                                                  @org.springframework.beans.factory.annotation.Value("${kontor.topics.warehouse-shipped}") String topic,
                                                  @org.springframework.beans.factory.annotation.Value("${kontor.sandbox.warehouse.ships-after:PT20S}") java.time.Duration after,
                                                  SandboxSchedules schedules) {
        return schedules.withFixedDelay("sandbox-warehouse", java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5), () -> {
            for (java.util.Map<String, Object> parcel : shipments.labelledBefore(java.time.Instant.now().minus(after), 200)) {
                String report = "{\"shipmentId\":\"" + parcel.get("id") + "\",\"trackingNumber\":\"" + parcel.get("trackingNumber")
                        + "\",\"shippedAt\":\"" + java.time.Instant.now() + "\"}";
                producer.sendBodyAndHeader("kafka:" + topic, report, org.apache.camel.component.kafka.KafkaConstants.KEY, parcel.get("warehouse"));
            }
        });
    }
}
