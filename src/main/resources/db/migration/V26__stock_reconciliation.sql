-- What the other systems say they hold: the latest snapshot line per system, SKU and location (a WMS per warehouse,
-- the ERP). Never applied to the ledger by itself: the reconciliation compares, a person decides.
create table stock_reports (
    system       varchar(32)  not null,
    sku          varchar(128) not null,
    location     varchar(64)  not null,
    quantity     integer      not null,
    as_of        timestamptz  not null,
    received_at  timestamptz  not null default now(),
    primary key (system, sku, location)
);

-- Differences the reconciliation could not explain by movements in flight, open until an admin resolves them.
create table stock_discrepancies (
    id               bigserial    primary key,
    sku              varchar(128) not null,
    location         varchar(255) not null,
    system           varchar(64)  not null,
    kind             varchar(32)  not null,
    ledger_quantity  integer      not null,
    reported         integer      not null,
    difference       integer      not null,
    explanation      text         not null,
    suggestion       text         not null,
    evidence         jsonb        not null default '[]',
    status           varchar(16)  not null default 'OPEN',
    found_at         timestamptz  not null default now(),
    last_seen_at     timestamptz  not null default now(),
    resolution       varchar(32),
    resolved_by      varchar(128),
    resolved_at      timestamptz,
    comment          text,
    -- when the event went to the stock discrepancies topic (the outbox relay), once found and once resolved
    announced_at     timestamptz,
    resolution_announced_at timestamptz
);
-- one open discrepancy per SKU, location and system: a later run updates it
create unique index stock_discrepancies_one_open on stock_discrepancies (sku, location, system) where status = 'OPEN';
create index stock_discrepancies_unannounced on stock_discrepancies (id)
    where announced_at is null or (status = 'RESOLVED' and resolution_announced_at is null);

-- Each reconciliation run: when, who asked, and what it found.
create table stock_reconciliations (
    id            bigserial    primary key,
    started_at    timestamptz  not null default now(),
    requested_by  varchar(128) not null,
    compared      integer      not null,
    matching      integer      not null,
    explained     integer      not null,
    discrepancies integer      not null,
    result        jsonb        not null
);

-- Movements the WMS reported on its topic, by its own id: each booked once however often it is delivered.
create table stock_external_movements (
    source      varchar(32)  not null,
    id          varchar(128) not null,
    movement_id bigint,
    booked_at   timestamptz  not null default now(),
    primary key (source, id)
);
