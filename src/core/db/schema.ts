import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. The SQL in migrations/ is the source of truth. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Mode = 'live' | 'test';

export interface AffiliatesTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: Generated<string>;
  affiliate_id: string;
  mode: Mode;
  key_hash: string;
  prefix: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface WebhookEndpointsTable {
  affiliate_id: string;
  mode: Mode;
  url: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface DevicesTable {
  id: Generated<string>;
  os: 'ios' | 'aos';
  name: string;
  model_name: string;
  release_date: string | null;
  eligible: boolean;
  premium_lump_sum: number;
  premium_monthly: number;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface DeviceIdentifiersTable {
  device_id: string;
  os: 'ios' | 'aos';
  identifier: string;
  match_key: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: string | null;
  response_content_type: string | null;
  created_at: CreatedAt;
}

export interface ImagesTable {
  id: Generated<string>;
  affiliate_id: string;
  mode: Mode;
  storage_key: string;
  format: 'jpeg' | 'png' | 'webp';
  mime: string;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
  perceptual_hash: string;
  taken_at: Timestamp | null;
  gps_lat: number | null;
  gps_lng: number | null;
  exif_make: string | null;
  exif_model: string | null;
  created_at: CreatedAt;
}

export interface DB {
  images: ImagesTable;
  affiliates: AffiliatesTable;
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  devices: DevicesTable;
  device_identifiers: DeviceIdentifiersTable;
  idempotency_keys: IdempotencyKeysTable;
}
