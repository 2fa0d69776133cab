-- What the official validation artefacts flag as warnings or information (kept and shown, never a rejection),
-- beside the violations that reject or hold an invoice.
alter table invoices add column warnings jsonb not null default '[]';
