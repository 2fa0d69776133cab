-- The stock ledger (minimal; the inventory workflow extends it): on hand and reserved per SKU and warehouse.
-- Available = on_hand - reserved never goes below zero: the constraint makes an oversell impossible, not just unlikely.
create table stock_levels (
    sku         varchar(128) not null,
    warehouse   varchar(32)  not null,
    on_hand     integer      not null,
    reserved    integer      not null default 0,
    updated_at  timestamptz  not null default now(),
    primary key (sku, warehouse),
    constraint stock_levels_never_oversold check (reserved >= 0 and reserved <= on_hand)
);

-- What each order line holds in which warehouse: reserved and not yet shipped, and shipped (consumed) so far.
create table stock_reservations (
    order_id        uuid         not null references orders (id),
    channel_line_id varchar(255) not null,
    sku             varchar(128) not null,
    warehouse       varchar(32)  not null,
    reserved        integer      not null,
    consumed        integer      not null default 0,
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    primary key (order_id, channel_line_id, warehouse),
    constraint stock_reservations_not_negative check (reserved >= 0 and consumed >= 0)
);
create index stock_reservations_sku on stock_reservations (sku, warehouse) where reserved > 0;

-- Every change of a stock level, with its reason: the journal the levels can be rebuilt and audited from.
create table stock_movements (
    id              bigserial    primary key,
    sku             varchar(128) not null,
    warehouse       varchar(32)  not null,
    on_hand_delta   integer      not null,
    reserved_delta  integer      not null,
    reason          varchar(64)  not null,
    order_id        uuid,
    note            text,
    created_at      timestamptz  not null default now()
);
create index stock_movements_sku on stock_movements (sku, warehouse, created_at);

-- The routing decision of each order: which warehouse(s), why, and what waits for stock.
create table order_routing (
    order_id    uuid        primary key references orders (id),
    decision    jsonb       not null,
    decided_at  timestamptz not null default now()
);
