-- The backorder retry and the held-orders list read held orders, longest-waiting first, every few seconds; without
-- these the planner may scan every order the shop ever had, and then read the hold reasons of every held order (a
-- shop with many orders awaiting payment holds thousands) to find the few that wait for stock.
create index orders_on_hold on orders (updated_at) where status = 'ON_HOLD';
create index orders_hold_reasons on orders using gin ((canonical -> 'holdReasons') jsonb_path_ops) where status = 'ON_HOLD';
