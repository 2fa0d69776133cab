-- Available-to-sell to the channels. Every change of a stock level marks its SKU (trigger below, whichever code path
-- wrote the level); the planner turns marked SKUs into the figure each channel should show, one row per
-- channel × account × SKU × channel location, and the channel's pusher sends what differs from what it acknowledged.
-- One row per target is the coalescing: a newer figure overwrites the wanted one, whatever is in flight.
-- Append-only, so marking never waits for the planner: the planner takes the marks committed when it looks, then
-- reads levels that include their changes; a change committed later leaves a mark it will see next time.
create table stock_sync_pending (
    id          bigserial    primary key,
    sku         varchar(128) not null,
    changed_at  timestamptz  not null
);

create function stock_levels_mark_for_sync() returns trigger language plpgsql as $$
begin
    insert into stock_sync_pending (sku, changed_at) values (new.sku, clock_timestamp());
    return new;
end $$;

create trigger stock_levels_sync after insert or update of on_hand, reserved on stock_levels
    for each row execute function stock_levels_mark_for_sync();

create table stock_sync (
    channel          varchar(32)  not null,
    account          varchar(255) not null,
    sku              varchar(128) not null,
    location         varchar(255) not null default '',
    -- what the channel should show, and since when it has not shown it (the first change not yet acknowledged)
    wanted           integer      not null,
    wanted_since     timestamptz,
    -- what was last sent and acknowledged, and with which idempotency key an attempt of that figure goes out
    published        integer,
    acknowledged_at  timestamptz,
    attempt_quantity integer,
    attempt_from     integer,
    attempt_key      uuid,
    -- what the channel itself last said it shows (a read, a webhook, a compare-and-set refusal)
    reported         integer,
    reported_at      timestamptz,
    -- PENDING: to send; IN_FLIGHT: sent, leased until lease_until; SYNCED; NOT_LISTED: the channel does not sell it;
    -- REFUSED: the channel refused the figure (last_error), tried again on the next change
    status           varchar(16)  not null default 'PENDING',
    lease_until      timestamptz,
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz  not null default now(),
    last_error       text,
    updated_at       timestamptz  not null default now(),
    primary key (channel, account, sku, location)
);
create index stock_sync_due on stock_sync (channel, account, next_attempt_at) where status in ('PENDING', 'IN_FLIGHT');

-- Changes made on a channel by someone else (a person in the shop's admin): found, reported, then overwritten or
-- taken over as configured.
create table stock_channel_edits (
    id           bigserial    primary key,
    channel      varchar(32)  not null,
    account      varchar(255) not null,
    sku          varchar(128) not null,
    location     varchar(255) not null default '',
    published    integer,
    found        integer      not null,
    action       varchar(16)  not null,
    found_at     timestamptz  not null default now(),
    -- when the event went to the stock events topic (the outbox relay)
    announced_at timestamptz
);
create index stock_channel_edits_unannounced on stock_channel_edits (id) where announced_at is null;
create index stock_channel_edits_sku on stock_channel_edits (sku, found_at);

-- Where a purchase order's goods are to be delivered: what is still to come is inbound stock of that warehouse.
alter table purchase_orders add column deliver_to varchar(32);
