-- Purchase orders and goods receipts from the ERP/WMS feeds, and what each invoice line billed on which order line.
create table purchase_orders (
    number          varchar(64)   primary key,
    supplier_key    varchar(160)  not null,
    supplier_name   varchar(255),
    currency        char(3)       not null,
    ordered_at      date,
    document        jsonb         not null,
    received_at     timestamptz   not null default now(),
    updated_at      timestamptz   not null default now()
);
create index purchase_orders_by_supplier on purchase_orders (supplier_key);

create table purchase_order_lines (
    po_number   varchar(64)     not null references purchase_orders (number) on delete cascade,
    line_no     integer         not null,
    sku         varchar(64),
    description text,
    quantity    numeric(19, 4)  not null,
    unit_price  numeric(19, 6),
    primary key (po_number, line_no)
);

create table goods_receipts (
    id           varchar(64)   primary key,
    po_number    varchar(64)   not null,
    warehouse    varchar(32),
    received_at  timestamptz   not null,
    document     jsonb         not null,
    recorded_at  timestamptz   not null default now()
);
create index goods_receipts_by_po on goods_receipts (po_number);

create table goods_receipt_lines (
    receipt_id  varchar(64)     not null references goods_receipts (id),
    po_number   varchar(64)     not null,
    line_no     integer         not null,
    quantity    numeric(19, 4)  not null,
    primary key (receipt_id, line_no)
);
create index goods_receipt_lines_by_po_line on goods_receipt_lines (po_number, line_no);

-- what an invoice line billed on a purchase order line (negative for credit notes); only for matched invoices
create table invoice_matches (
    invoice_id    uuid            not null references invoices (id),
    invoice_line  varchar(120)    not null,
    po_number     varchar(64)     not null,
    line_no       integer         not null,
    quantity      numeric(19, 4)  not null
);
create index invoice_matches_by_invoice on invoice_matches (invoice_id);
create index invoice_matches_by_po_line on invoice_matches (po_number, line_no);

alter table invoices add column match_reasons jsonb;
alter table invoices add column matched_at timestamptz;

-- every decision on an invoice, automatic or human: who, when, what, why (append only)
create table invoice_events (
    id          bigserial     primary key,
    invoice_id  uuid          not null references invoices (id),
    at          timestamptz   not null default now(),
    actor       varchar(120)  not null,
    action      varchar(40)   not null,
    detail      text
);
create index invoice_events_by_invoice on invoice_events (invoice_id, at);

-- matched, excepted (and later approved, paid) invoices are as booked as validated ones: only refusals are not
drop index invoices_booked_once;
create unique index invoices_booked_once on invoices (supplier_key, upper(number), extract(year from issue_date))
    where status not in ('REJECTED', 'DUPLICATE') and supplier_key is not null and number is not null;
