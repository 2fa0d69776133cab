-- Camel's JDBC idempotent repository (JdbcMessageIdRepository, default table name): ids of channel deliveries
-- already taken (Shopify X-Shopify-Event-Id, ...). The key makes two concurrent deliveries of one id collide
-- instead of both passing; rows older than the channel's retry window are purged.
create table camel_messageprocessed (
    processorname varchar(255) not null,
    messageid     varchar(100) not null,
    createdat     timestamp    not null,
    primary key (processorname, messageid)
);
create index camel_messageprocessed_created on camel_messageprocessed (createdat);
