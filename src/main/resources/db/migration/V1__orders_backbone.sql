-- Canonical orders: one row per order (natural key channel + account + channel order id), the latest version.
create table orders (
    id                  uuid primary key,
    channel             varchar(32)  not null,
    channel_account     varchar(255) not null,
    channel_order_id    varchar(255) not null,
    order_number        varchar(255),
    status              varchar(32)  not null,
    payment_status      varchar(32),
    fulfillment_status  varchar(32),
    currency            char(3)      not null,
    grand_total         numeric(19, 4) not null,
    created_at          timestamptz,
    channel_updated_at  timestamptz  not null,
    -- sha-256 of the channel payload: two polls of one version carry the same bytes
    payload_sha256      char(64)     not null,
    revision            integer      not null default 1,
    canonical           jsonb        not null,
    raw_payload         jsonb        not null,
    received_at         timestamptz  not null default now(),
    updated_at          timestamptz  not null default now(),
    constraint orders_natural_key unique (channel, channel_account, channel_order_id)
);
create index orders_channel_updated on orders (channel, channel_updated_at);
create index orders_status on orders (status);
create index orders_updated_at on orders (updated_at);

-- Every accepted version, in order, and whether the ERP feed has carried it (the outbox of that feed).
create table order_versions (
    order_id            uuid        not null references orders (id),
    revision            integer     not null,
    channel_updated_at  timestamptz not null,
    payload_sha256      char(64)    not null,
    erp_published_at    timestamptz,
    created_at          timestamptz not null default now(),
    primary key (order_id, revision)
);
create index order_versions_unpublished on order_versions (created_at) where erp_published_at is null;

-- Where each poller has safely got to (everything up to here is durably on Kafka).
create table channel_watermarks (
    channel         varchar(32)  not null,
    channel_account varchar(255) not null,
    stream          varchar(64)  not null,
    watermark       timestamptz  not null,
    updated_at      timestamptz  not null default now(),
    primary key (channel, channel_account, stream)
);

-- Messages that could not be processed: quarantined (bad input, never retried) or dead-lettered
-- (retries exhausted). The original message is kept whole so it can be replayed.
create table dead_letters (
    id              uuid primary key,
    kind            varchar(16)  not null check (kind in ('QUARANTINE', 'DEAD_LETTER')),
    route_id        varchar(255) not null,
    source          varchar(255),
    message_key     varchar(512),
    reason          text         not null,
    exception_type  varchar(255),
    headers         jsonb        not null default '{}'::jsonb,
    payload         bytea,
    replay_endpoint varchar(512),
    status          varchar(16)  not null default 'PARKED' check (status in ('PARKED', 'REPLAYED', 'DISCARDED')),
    created_at      timestamptz  not null default now(),
    replayed_at     timestamptz,
    replayed_by     varchar(255)
);
create index dead_letters_status on dead_letters (status, created_at);
