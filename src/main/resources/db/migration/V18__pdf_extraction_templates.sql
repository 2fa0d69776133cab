-- Plain PDFs: what the extraction read (each field with its confidence and source), kept with the invoice so the
-- person who reviews it sees the hub's reading, and the supplier templates learned from their corrections.
alter table invoices add column extraction jsonb;

create table invoice_templates (
    supplier_key  varchar(160) primary key,
    template      jsonb        not null,
    -- the invoice whose review last changed it, and who reviewed it
    learned_from  uuid         references invoices (id),
    updated_by    varchar(100) not null,
    updated_at    timestamptz  not null default now()
);
