-- The backorder retry and the held-orders list read held orders, longest-waiting first, every few seconds; without
-- this the planner may scan every order the shop ever had to find the few that wait.
create index orders_on_hold on orders (updated_at) where status = 'ON_HOLD';
