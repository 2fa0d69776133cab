-- What each channel answered to each stock figure, when, and the lag from the change to its acknowledgement: the stock
-- dashboard's volume and processing time, per channel. Kept for the dashboards' longest period, then purged.
create table stock_sync_outcomes (
    id       bigserial    primary key,
    channel  varchar(32)  not null,
    account  varchar(255) not null,
    at       timestamptz  not null default now(),
    outcome  varchar(16)  not null,
    lag_ms   bigint
);
create index stock_sync_outcomes_at on stock_sync_outcomes (at);
