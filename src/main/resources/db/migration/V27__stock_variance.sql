-- The daily stock variance: per day, SKU, location and system what the ledger and that system said and the difference
-- (valued at the SKU's last purchase cost when the report is read). Written, and rewritten during the day, from the
-- latest figures of every system.
create table stock_variance (
    day         date          not null,
    sku         varchar(128)  not null,
    location    varchar(255)  not null,
    system      varchar(64)   not null,
    ledger      integer       not null,
    reported    integer       not null,
    difference  integer       not null,
    taken_at    timestamptz   not null default now(),
    primary key (day, sku, location, system)
);

-- The first change that came while a figure was in flight: the sync lag of what is still to send starts there, not at
-- the change before the figure in flight (which its acknowledgement settles).
alter table stock_sync add column pending_since timestamptz;
