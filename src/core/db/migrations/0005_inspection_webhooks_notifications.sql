-- Inspection decisions, the webhook outbox with its attempts, and the alimtalk outbox.

CREATE TABLE inspection_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id uuid NOT NULL REFERENCES contracts (id),
  round integer NOT NULL,
  result integer NOT NULL CHECK (result IN (0, 1, 2)),
  body jsonb NOT NULL,
  inspector_id uuid,
  decided_at timestamptz NOT NULL,
  -- One decision per inspection round: a second one is refused by the database itself.
  UNIQUE (contract_id, round)
);

CREATE TABLE webhook_events (
  id text PRIMARY KEY,
  contract_id uuid NOT NULL REFERENCES contracts (id),
  decision_id uuid NOT NULL REFERENCES inspection_decisions (id),
  affiliate_id uuid NOT NULL REFERENCES affiliates (id),
  mode text NOT NULL,
  type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'partner_error', 'dead', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error text,
  outcome text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_events_by_contract ON webhook_events (contract_id);
CREATE INDEX webhook_events_by_status ON webhook_events (status, created_at);

CREATE TABLE webhook_attempts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id text NOT NULL REFERENCES webhook_events (id),
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  url text,
  http_status integer,
  latency_ms integer,
  error text,
  response_excerpt text,
  UNIQUE (event_id, attempt)
);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id uuid NOT NULL REFERENCES contracts (id),
  kind text NOT NULL,
  recipient text,
  rendered jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  provider_message_id text,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_by_contract ON notifications (contract_id);
