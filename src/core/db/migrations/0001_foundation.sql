-- Partners, their API keys and webhook endpoints; the device catalog; idempotent POSTs.

CREATE TABLE affiliates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  affiliate_id uuid NOT NULL REFERENCES affiliates (id),
  mode text NOT NULL CHECK (mode IN ('live', 'test')),
  key_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_keys_affiliate ON api_keys (affiliate_id);

CREATE TABLE webhook_endpoints (
  affiliate_id uuid NOT NULL REFERENCES affiliates (id),
  mode text NOT NULL CHECK (mode IN ('live', 'test')),
  url text,
  secret text NOT NULL,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (affiliate_id, mode)
);

CREATE TABLE devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  os text NOT NULL CHECK (os IN ('ios', 'aos')),
  name text NOT NULL,
  model_name text NOT NULL,
  release_date date,
  eligible boolean NOT NULL,
  premium_lump_sum integer NOT NULL CHECK (premium_lump_sum >= 0),
  premium_monthly integer NOT NULL CHECK (premium_monthly >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (os, model_name)
);
CREATE INDEX devices_eligible ON devices (os, name) WHERE eligible;

-- Every code a phone may report for a device, stored with the normalised key it is matched by.
CREATE TABLE device_identifiers (
  device_id uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  os text NOT NULL,
  identifier text NOT NULL,
  match_key text NOT NULL,
  PRIMARY KEY (os, match_key)
);
CREATE INDEX device_identifiers_device ON device_identifiers (device_id);

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('in_progress', 'done')),
  response_status integer,
  response_body text,
  response_content_type text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
