-- Available-to-sell sent to Amazon in bulk as JSON_LISTINGS_FEEDs: each feed with the figures it carries (in message
-- order: messageId n is the n-th figure), until its processing report is read and the figures answered. A feed the
-- hub lost track of leaves its figures in flight until their lease ends; they are sent again then (an absolute
-- quantity replaced twice changes nothing twice).
create table amazon_stock_feeds (
    feed_id       varchar(64)  primary key,
    seller_id     varchar(255) not null,
    figures       jsonb        not null,
    submitted_at  timestamptz  not null default now(),
    -- SUBMITTED until its report is read; then ANSWERED (DONE), FAILED (FATAL), CANCELLED, or LOST (Amazon does not know it)
    status        varchar(16)  not null default 'SUBMITTED',
    amazon_status varchar(16),
    checked_at    timestamptz,
    answered_at   timestamptz,
    accepted      integer,
    invalid       integer
);
create index amazon_stock_feeds_open on amazon_stock_feeds (seller_id, submitted_at) where status = 'SUBMITTED';
