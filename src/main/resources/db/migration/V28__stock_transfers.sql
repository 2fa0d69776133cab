-- Stock moving between two warehouses: what left the origin (dispatched), what reached the destination (received) and
-- what was written off on the way, per transfer order line. Units dispatched and neither received nor written off are
-- in transit to the destination. Either leg may be told first (two warehouses, two feeds); the ledger books each leg
-- as a TRANSFER movement in its own warehouse.
create table stock_transfers (
    reference       varchar(128) not null,
    sku             varchar(128) not null,
    from_warehouse  varchar(32)  not null,
    to_warehouse    varchar(32)  not null,
    dispatched      integer      not null default 0,
    received        integer      not null default 0,
    written_off     integer      not null default 0,
    dispatched_at   timestamptz,
    received_at     timestamptz,
    closed_at       timestamptz,
    closed_by       varchar(255),
    close_reason    text,
    created_at      timestamptz  not null default now(),
    primary key (reference, sku),
    constraint stock_transfers_two_places check (from_warehouse <> to_warehouse),
    constraint stock_transfers_not_negative check (dispatched >= 0 and received >= 0 and written_off >= 0)
);
create index stock_transfers_in_transit on stock_transfers (sku, to_warehouse) where closed_at is null and dispatched > received + written_off;
