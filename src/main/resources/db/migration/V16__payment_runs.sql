-- Supplier bank accounts as invoices name them (BT-84): a new account of a known supplier is held until a second
-- person confirms it. Payment runs keep their pain.001 document; a run is delivered to the bank drop once written.
create table supplier_bank_accounts (
    supplier_key   varchar(160)  not null,
    iban           varchar(34)   not null,
    first_seen_at  timestamptz   not null default now(),
    first_invoice  uuid          references invoices (id),
    confirmed_by   varchar(120),
    confirmed_at   timestamptz,
    primary key (supplier_key, iban)
);

create table payment_runs (
    id               uuid           primary key,
    message_id       varchar(35)    not null unique,
    created_at       timestamptz    not null default now(),
    created_by       varchar(120)   not null,
    transactions     integer        not null,
    control_sum      numeric(19, 2) not null,
    document         bytea          not null,
    file_name        varchar(120)   not null,
    delivered_at     timestamptz
);

-- each invoice is paid once: in one run, for one amount
create table payment_run_items (
    run_id          uuid            not null references payment_runs (id),
    invoice_id      uuid            not null unique references invoices (id),
    end_to_end_id   varchar(35)     not null,
    supplier_key    varchar(160)    not null,
    iban            varchar(34)     not null,
    amount          numeric(19, 2)  not null,
    discount        numeric(19, 2)  not null default 0,
    execution_date  date            not null
);
