-- Stock a channel holds and sells itself (Amazon's fulfilment centres), as its latest complete read said: never
-- pushed by the hub, shown beside the warehouses' stock.
create table channel_held_stock (
    channel        varchar(32)  not null,
    account        varchar(255) not null,
    sku            varchar(128) not null,
    fulfillable    integer      not null,
    inbound        integer      not null,
    reserved       integer      not null,
    unfulfillable  integer      not null,
    total          integer      not null,
    as_of          timestamptz  not null,
    read_at        timestamptz  not null default now(),
    primary key (channel, account, sku)
);
create index channel_held_stock_sku on channel_held_stock (sku);
