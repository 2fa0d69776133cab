-- The backorder retry asks every few seconds for the longest-waiting backordered orders. Through the GIN index on hold
-- reasons PostgreSQL had to fetch every backordered order, recheck its hold reasons (reading its canonical JSON out of
-- TOAST) and sort them all, about 300 ms a call with thousands waiting for stock. This index holds exactly those
-- orders, in waiting order, with their ids: the first 200 are read from it alone. Nothing else reads the GIN index.
create index orders_backordered on orders (updated_at, id)
    where status = 'ON_HOLD' and canonical -> 'holdReasons' @> '[{"code": "BACKORDER"}]';
drop index orders_hold_reasons;
