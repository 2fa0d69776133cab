-- Approved invoices and payment runs go to the ERP (topic + files) once each: the outbox marks.
alter table invoices add column erp_published_at timestamptz;
alter table payment_runs add column erp_published_at timestamptz;
create index invoices_erp_unpublished on invoices (updated_at) where status in ('APPROVED', 'IN_PAYMENT') and erp_published_at is null;

-- rejected invoices: when the supplier was told (by the rejection notice route)
alter table invoices add column supplier_notified_at timestamptz;
create index invoices_rejection_unnotified on invoices (updated_at) where status = 'REJECTED' and supplier_notified_at is null;
