-- eBay revises a listing at most 250 times a calendar day. The hub keeps a token bucket per listing (seller × SKU):
-- tokens left and when they were counted; refilled at a rate that keeps any 24 hours, whatever the time zone of eBay's
-- day, within the limit.
create table ebay_listing_revisions (
    seller_id  varchar(255)     not null,
    sku        varchar(128)     not null,
    tokens     double precision not null,
    counted_at timestamptz      not null,
    primary key (seller_id, sku)
);
