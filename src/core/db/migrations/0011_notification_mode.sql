-- Alimtalk of test-mode contracts is recorded, never sent to a real phone: each message carries its
-- contract's mode, so the worker can tell without a join.
ALTER TABLE notifications ADD COLUMN mode text CHECK (mode IN ('live', 'test'));
UPDATE notifications SET mode = contracts.mode FROM contracts WHERE contracts.id = notifications.contract_id;
ALTER TABLE notifications ALTER COLUMN mode SET NOT NULL;
