-- 0006 kept 7 of the 13 resident-number digits in clear beside the encrypted number; answers mask
-- from the encrypted number alone since. The digits are nulled before the column goes: a dropped
-- column's values stay inside the old row versions, while the UPDATE leaves only dead versions that
-- autovacuum reclaims (`VACUUM FULL contracts` rewrites the table at once). Guarded, so a database
-- without the column moves on all the same.
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'contracts' AND column_name = 'customer_ssn_masked'
  ) THEN
    UPDATE contracts SET customer_ssn_masked = NULL WHERE customer_ssn_masked IS NOT NULL;
    ALTER TABLE contracts DROP COLUMN customer_ssn_masked;
  END IF;
END $$;
