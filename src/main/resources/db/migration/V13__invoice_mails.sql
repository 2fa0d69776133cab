-- Mails to the accounts-payable mailbox, kept whole (RFC 822) as evidence of how and when an invoice arrived;
-- each taken once by its Message-ID. Attached invoices point back to the mail they came with.
create table invoice_mails (
    message_id   varchar(998)  primary key,
    sha256       char(64)      not null,
    raw          bytea         not null,
    sender       varchar(320),
    subject      text,
    sent_at      timestamptz,
    received_at  timestamptz   not null default now(),
    attachments  integer       not null,
    outcome      text          not null
);

alter table invoice_documents add column mail_message_id varchar(998) references invoice_mails (message_id);
