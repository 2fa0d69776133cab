-- The operations console finds an order by the number a customer quotes (the channel's id or the shop's order
-- number) and an invoice by its number, at any volume without reading every row; its dashboards count orders and
-- invoices per hour over a chosen period.
create index orders_by_channel_order_id on orders (channel_order_id);
create index orders_by_order_number on orders (order_number) where order_number is not null;
create index orders_received on orders (received_at);
create index invoices_by_number on invoices (upper(number));
create index invoices_received on invoices (received_at);
create index invoice_events_by_time on invoice_events (at);
