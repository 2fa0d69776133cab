-- Supplier invoices. Every file received is archived unchanged under its SHA-256 (the legal original of an
-- e-invoice is its XML; GoBD wants it unaltered), and becomes exactly one invoice row: the same file again finds it.
create table invoice_documents (
    sha256       char(64)     primary key,
    file_name    varchar(255),
    media_type   varchar(100),
    size_bytes   integer      not null,
    content      bytea        not null,
    channel      varchar(32)  not null,
    received_at  timestamptz  not null default now()
);

create table invoices (
    id                 uuid          primary key,
    document_sha256    char(64)      not null unique references invoice_documents (sha256),
    status             varchar(24)   not null,
    format             varchar(24)   not null,
    -- who the supplier is for duplicate checks: the VAT id, else the normalised name
    supplier_key       varchar(160),
    supplier_name      varchar(255),
    number             varchar(120),
    issue_date         date,
    type_code          varchar(8),
    currency           char(3),
    payable            numeric(19, 4),
    canonical          jsonb,
    violations         jsonb         not null default '[]',
    rejection_rule     varchar(32),
    rejection_message  text,
    duplicate_of       uuid          references invoices (id),
    received_at        timestamptz   not null default now(),
    updated_at         timestamptz   not null default now(),
    -- outbox mark: the invoice is on kontor.invoices.v1 for matching
    published_at       timestamptz
);

-- an invoice is booked once: one live row per supplier, number and year (duplicates and rejections do not count)
create unique index invoices_booked_once on invoices (supplier_key, upper(number), extract(year from issue_date))
    where status in ('VALIDATED', 'NEEDS_REVIEW', 'DUPLICATE_SUSPECTED') and supplier_key is not null and number is not null;
create index invoices_by_status on invoices (status, received_at desc);
create index invoices_by_supplier on invoices (supplier_key, issue_date);
create index invoices_unpublished on invoices (received_at) where status = 'VALIDATED' and published_at is null;
