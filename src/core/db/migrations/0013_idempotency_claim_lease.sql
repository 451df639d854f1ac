-- A claim in progress is leased, and its process renews the lease while the request runs: a
-- process killed mid-request stops renewing, so a retry takes the key over within seconds rather
-- than after a fixed two minutes. Null on rows claimed before this migration.
ALTER TABLE idempotency_keys ADD COLUMN lease_until timestamptz;
