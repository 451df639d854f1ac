-- The sandbox's "always reads" test IMEI (src/modules/contracts/test-imeis.ts) is shared by every
-- test contract, so it is exempt from the one-active-contract-per-IMEI rule; nothing else changes.
DROP INDEX contracts_active_imei;
CREATE UNIQUE INDEX contracts_active_imei ON contracts (mode, imei)
  WHERE status IN (1, 2, 3, 4, 5, 7) AND NOT (mode = 'test' AND imei = '001010100000015');
