-- An endpoint that has failed continuously for long is disabled (docs/architecture.md, "The outboxes").
-- failing_since: the first failed attempt since the endpoint last answered (null while it answers).
-- disabled_at: set by the worker when the rule trips, cleared by an operator's re-enable; while set,
-- the endpoint's pending events are held (next_attempt_at null) instead of attempted.
ALTER TABLE webhook_endpoints ADD COLUMN failing_since timestamptz;
ALTER TABLE webhook_endpoints ADD COLUMN disabled_at timestamptz;
ALTER TABLE webhook_endpoints ADD COLUMN disabled_reason text;
-- Releasing held events on re-enable finds them by endpoint.
CREATE INDEX webhook_events_held ON webhook_events (affiliate_id, mode) WHERE status = 'pending' AND next_attempt_at IS NULL;
