-- Pick lists: one per warehouse and wave, picking the reserved units of orders that are ready to ship.
create table pick_lists (
    id            uuid        primary key,
    warehouse     varchar(32) not null,
    wave          integer     not null,
    created_at    timestamptz not null default now(),
    orders        integer     not null,
    units         integer     not null,
    document      jsonb       not null,
    published_at  timestamptz,
    constraint pick_lists_wave unique (warehouse, wave)
);
create index pick_lists_unpublished on pick_lists (created_at) where published_at is null;

-- What each pick list picks, per order line: the units of a reservation are picked once, across all waves.
create table pick_list_lines (
    pick_list_id    uuid         not null references pick_lists (id),
    order_id        uuid         not null references orders (id),
    channel_line_id varchar(255) not null,
    warehouse       varchar(32)  not null,
    sku             varchar(128) not null,
    units           integer      not null check (units > 0),
    tote            integer      not null,
    primary key (pick_list_id, order_id, channel_line_id)
);
create index pick_list_lines_reservation on pick_list_lines (order_id, channel_line_id, warehouse);
