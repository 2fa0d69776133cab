-- One shipment per order and pick list (the tote packed into one parcel), booked with a carrier for its label.
create table shipments (
    id                    uuid         primary key,
    order_id              uuid         not null references orders (id),
    pick_list_id          uuid         not null references pick_lists (id),
    warehouse             varchar(32)  not null,
    tote                  integer      not null,
    lines                 jsonb        not null,
    ship_to               jsonb,
    status                varchar(16)  not null,
    carrier               varchar(64),
    carrier_name          varchar(128),
    service               varchar(64),
    tracking_number       varchar(64),
    tracking_url          text,
    created_at            timestamptz  not null default now(),
    labelled_at           timestamptz,
    shipped_at            timestamptz,
    channel_confirmed_at  timestamptz,
    constraint shipments_per_tote unique (pick_list_id, order_id)
);
create unique index shipments_tracking on shipments (carrier, tracking_number) where tracking_number is not null;
create index shipments_order on shipments (order_id);
create index shipments_to_book on shipments (created_at) where status = 'NEW';
