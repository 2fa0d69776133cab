-- Holds a person cleared: a released hold code does not hold later versions of the same order again.
create table order_hold_releases (
    order_id    uuid         not null references orders (id),
    code        varchar(64)  not null,
    released_by varchar(255) not null,
    released_at timestamptz  not null default now(),
    comment     text         not null,
    primary key (order_id, code)
);
