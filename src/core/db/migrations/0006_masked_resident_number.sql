-- The resident number as every answer shows it (birth date and gender digit, `860906-1******`),
-- kept beside the encrypted number so that reads mask without decrypting. Rows written before
-- this column have it null and are masked from the encrypted number instead.
ALTER TABLE contracts ADD COLUMN customer_ssn_masked text;
