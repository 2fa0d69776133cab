-- Tracking back to the channels. Each parcel gets a positive number of its own (Amazon's packageReferenceId must be
-- one), what it became on its channel (fulfilment ids, DESADV number), and the state of the confirmation attempts.
alter table shipments add column package_reference bigserial;
alter table shipments add constraint shipments_package_reference unique (package_reference);
alter table shipments add column channel_references jsonb;
-- attempts are counted before the call, so a crash between the channel's answer and this row shows as a started attempt
alter table shipments add column confirm_attempts integer not null default 0;
alter table shipments add column confirm_after timestamptz;
alter table shipments add column confirm_error text;
create index shipments_to_confirm on shipments (shipped_at) where status = 'SHIPPED' and channel_confirmed_at is null;
