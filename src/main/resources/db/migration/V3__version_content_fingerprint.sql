-- Versions are now recognised by the fingerprint of their canonical business content, not of the raw
-- payload, so the same version delivered in two shapes (GraphQL poll, REST webhook) is one version.
alter table orders rename column payload_sha256 to content_sha256;
alter table order_versions rename column payload_sha256 to content_sha256;
