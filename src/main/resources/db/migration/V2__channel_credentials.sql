-- OAuth tokens a channel rotates (Shopify's expiring offline tokens: a new refresh token on every refresh).
-- Tokens are stored encrypted (AES-GCM, kontor.security.credentials-key); seed_sha256 fingerprints the
-- refresh token from the configuration this row started from, so a new one from a re-install takes over.
create table channel_credentials (
    channel            varchar(32)  not null,
    channel_account    varchar(255) not null,
    access_token       bytea,
    access_expires_at  timestamptz,
    refresh_token      bytea        not null,
    refresh_expires_at timestamptz,
    seed_sha256        char(64)     not null,
    refreshed_at       timestamptz,
    updated_at         timestamptz  not null default now(),
    primary key (channel, channel_account)
);
