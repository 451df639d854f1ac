-- A test-mode contract decides itself with the outcome its partner asked for at create
-- (docs/architecture.md, "Sandbox"); live contracts never carry one.
ALTER TABLE contracts ADD COLUMN sandbox_outcome text
  CHECK (sandbox_outcome IN ('approve', 'reinspect', 'reject', 'manual')),
  ADD CONSTRAINT contracts_sandbox_test_mode_only CHECK (sandbox_outcome IS NULL OR mode = 'test');
