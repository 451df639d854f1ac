-- Each alimtalk send attempt on record, as webhook_attempts keeps each delivery attempt: when, how
-- long, what the vendor answered. The message row keeps only its latest state.
CREATE TABLE notification_attempts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id uuid NOT NULL REFERENCES notifications (id),
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  latency_ms integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'failed')),
  retryable boolean,
  provider_message_id text,
  error text,
  UNIQUE (notification_id, attempt)
);
