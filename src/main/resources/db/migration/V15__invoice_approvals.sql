-- Approval of matched (and excepted) invoices: one task per invoice, for a role by amount band, due by a deadline
-- and escalated when it passes; the decision with who, when and why.
create table invoice_approvals (
    invoice_id    uuid          primary key references invoices (id),
    role          varchar(40)   not null,
    requested_at  timestamptz   not null default now(),
    due_at        timestamptz   not null,
    escalations   integer       not null default 0,
    decided_at    timestamptz,
    decided_by    varchar(120),
    decision      varchar(16),
    comment       text
);
create index invoice_approvals_open on invoice_approvals (due_at) where decided_at is null;
