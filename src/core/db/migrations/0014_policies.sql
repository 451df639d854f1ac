-- The policy a contract becomes at status 7 (계약완료), and for monthly payers its premium schedule,
-- whose first entry is the spec's checkout.due_date / amount of the completion webhook.
CREATE TABLE policies (
  contract_id uuid PRIMARY KEY REFERENCES contracts (id),
  payment_type text NOT NULL CHECK (payment_type IN ('0', '1')),
  -- Lump sum: what was paid at checkout; monthly: one month's premium.
  premium integer NOT NULL CHECK (premium >= 0),
  coverage_start date NOT NULL,
  coverage_end date NOT NULL CHECK (coverage_end >= coverage_start),
  issued_at timestamptz NOT NULL
);

CREATE TABLE premium_schedule (
  contract_id uuid NOT NULL REFERENCES policies (contract_id),
  due_date date NOT NULL,
  amount integer NOT NULL CHECK (amount >= 0),
  paid_at timestamptz,
  PRIMARY KEY (contract_id, due_date)
);
