-- Shipped parcels go to the ERP as well (tracking numbers for its invoices and customer service): the outbox mark.
alter table shipments add column erp_published_at timestamptz;
create index shipments_erp_unpublished on shipments (shipped_at) where status = 'SHIPPED' and erp_published_at is null;
