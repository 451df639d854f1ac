-- Contracts (청약), their images per inspection round, and the timeline of every status change.

CREATE TABLE contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  affiliate_id uuid NOT NULL REFERENCES affiliates (id),
  mode text NOT NULL CHECK (mode IN ('live', 'test')),
  affiliate_uid text NOT NULL,
  affiliate_cid text NOT NULL,
  status integer NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 9),
  -- Personal data: the resident registration number only encrypted (+ keyed blind index); all of it
  -- nulled by the scheduler once the retention period of a finished contract is over.
  customer_name text,
  customer_ssn_encrypted text,
  customer_ssn_index text,
  customer_phone text,
  customer_email text,
  customer_extra jsonb,
  personal_data_erased_at timestamptz,
  device_id uuid NOT NULL REFERENCES devices (id),
  device_os text NOT NULL,
  device_reported_name text NOT NULL,
  device_check_failures integer NOT NULL DEFAULT 0,
  device_info jsonb,
  ocr jsonb,
  imei text,
  serial_number text,
  qr_key text,
  location jsonb,
  checkout_url text,
  photos_submitted_at timestamptz,
  payment_due_at timestamptz,
  payment_type text CHECK (payment_type IN ('0', '1')),
  payment_amount integer,
  paid_at timestamptz,
  inspection_requested_at timestamptz,
  cancelled_at timestamptz,
  inspection_round integer NOT NULL DEFAULT 0,
  reinspection_due_at timestamptz,
  reinspection_url text,
  contract_url text,
  insurance_start date,
  insurance_end date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (affiliate_id, mode, affiliate_cid)
);
CREATE INDEX contracts_listing ON contracts (affiliate_id, mode, created_at DESC, id DESC);
CREATE INDEX contracts_status_due ON contracts (status, payment_due_at);
CREATE INDEX contracts_inspection_queue ON contracts (status, inspection_requested_at, id);
CREATE INDEX contracts_ssn_index ON contracts (customer_ssn_index);
-- One phone, one active contract per mode (statuses 1–5 and 7): the database settles races.
CREATE UNIQUE INDEX contracts_active_imei ON contracts (mode, imei) WHERE status IN (1, 2, 3, 4, 5, 7);

CREATE TABLE contract_images (
  contract_id uuid NOT NULL REFERENCES contracts (id),
  image_id uuid NOT NULL UNIQUE REFERENCES images (id),
  role text NOT NULL CHECK (role IN ('device_info', 'front', 'rear')),
  round integer NOT NULL,
  position integer NOT NULL,
  checks jsonb,
  PRIMARY KEY (contract_id, image_id)
);
CREATE INDEX contract_images_by_contract ON contract_images (contract_id, round, role, position);

CREATE TABLE contract_events (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id uuid NOT NULL REFERENCES contracts (id),
  at timestamptz NOT NULL,
  action text NOT NULL,
  actor text NOT NULL,
  actor_id text,
  from_status integer,
  to_status integer,
  note text
);
CREATE INDEX contract_events_by_contract ON contract_events (contract_id, id);
