-- What buyers can buy on a channel that keeps it apart from what the listing is set to (Amazon's summarised
-- fulfillmentAvailability beside attributes.fulfillment_availability): a listing set right for long but sold at another
-- figure is a discrepancy of its own (NOT_SELLABLE), not drift and not an edit.
alter table stock_sync add column sellable integer, add column sellable_at timestamptz;
