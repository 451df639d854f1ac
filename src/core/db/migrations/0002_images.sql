-- Every uploaded image, owned by one affiliate and mode, with what the automated checks need.

CREATE TABLE images (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  affiliate_id uuid NOT NULL REFERENCES affiliates (id),
  mode text NOT NULL CHECK (mode IN ('live', 'test')),
  storage_key text NOT NULL UNIQUE,
  format text NOT NULL CHECK (format IN ('jpeg', 'png', 'webp')),
  mime text NOT NULL,
  bytes integer NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  sha256 text NOT NULL,
  perceptual_hash text NOT NULL,
  taken_at timestamptz,
  gps_lat double precision,
  gps_lng double precision,
  exif_make text,
  exif_model text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX images_owner ON images (affiliate_id, mode, created_at);
CREATE INDEX images_sha256 ON images (sha256);
