import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. The SQL in migrations/ is the source of truth. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Mode = 'live' | 'test';
/** jsonb columns: written as JSON text, read back as parsed values. */
export type Json = ColumnType<unknown, string, string>;

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
  /** The first failed attempt since the endpoint last answered; null while it answers (migration 0012). */
  failing_since: Timestamp | null;
  /** Set when the auto-disable rule trips; while set, the endpoint's pending events are held. */
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
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
  lease_until: Timestamp | null;
}

export interface PoliciesTable {
  contract_id: string;
  payment_type: '0' | '1';
  premium: number;
  /** "YYYY-MM-DD": date columns are read as text. */
  coverage_start: string;
  coverage_end: string;
  issued_at: Date;
}

export interface PremiumScheduleTable {
  contract_id: string;
  due_date: string;
  amount: number;
  paid_at: Timestamp | null;
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

export interface ContractsTable {
  id: Generated<string>;
  affiliate_id: string;
  mode: Mode;
  affiliate_uid: string;
  affiliate_cid: string;
  status: Generated<number>;
  customer_name: string | null;
  customer_ssn_encrypted: string | null;
  customer_ssn_index: string | null;
  customer_phone: string | null;
  customer_email: string | null;
  customer_extra: Json | null;
  personal_data_erased_at: Timestamp | null;
  device_id: string;
  device_os: 'ios' | 'aos';
  device_reported_name: string;
  device_check_failures: Generated<number>;
  device_info: Json | null;
  ocr: Json | null;
  imei: string | null;
  serial_number: string | null;
  qr_key: string | null;
  location: Json | null;
  checkout_url: string | null;
  photos_submitted_at: Timestamp | null;
  payment_due_at: Timestamp | null;
  payment_type: '0' | '1' | null;
  payment_amount: number | null;
  paid_at: Timestamp | null;
  inspection_requested_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  inspection_round: Generated<number>;
  reinspection_due_at: Timestamp | null;
  reinspection_url: string | null;
  contract_url: string | null;
  insurance_start: string | null;
  insurance_end: string | null;
  sandbox_outcome: 'approve' | 'reinspect' | 'reject' | 'manual' | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ContractImagesTable {
  contract_id: string;
  image_id: string;
  role: 'device_info' | 'front' | 'rear';
  round: number;
  position: number;
  checks: Json | null;
}

export interface ContractEventsTable {
  id: Generated<number>;
  contract_id: string;
  at: Date;
  action: string;
  actor: string;
  actor_id: string | null;
  from_status: number | null;
  to_status: number | null;
  note: string | null;
}

export interface InspectionDecisionsTable {
  id: Generated<string>;
  contract_id: string;
  round: number;
  result: number;
  body: Json;
  inspector_id: string | null;
  decided_at: Date;
}

export type WebhookEventStatus = 'pending' | 'delivered' | 'partner_error' | 'dead' | 'cancelled';

export interface WebhookEventsTable {
  id: string;
  contract_id: string;
  decision_id: string;
  affiliate_id: string;
  mode: Mode;
  type: string;
  body: string;
  status: WebhookEventStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  outcome: string | null;
  created_at: Date;
  finished_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  event_id: string;
  attempt: number;
  at: Date;
  url: string | null;
  http_status: number | null;
  latency_ms: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  contract_id: string;
  mode: Mode;
  kind: string;
  recipient: string | null;
  rendered: Json;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  provider_message_id: string | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Timestamp | null;
}

export interface NotificationAttemptsTable {
  id: Generated<number>;
  notification_id: string;
  attempt: number;
  at: Date;
  latency_ms: number;
  outcome: 'sent' | 'failed';
  retryable: boolean | null;
  provider_message_id: string | null;
  error: string | null;
}

export type InspectorRole = 'inspector' | 'admin';

export interface InspectorsTable {
  id: Generated<string>;
  email: string;
  name: string | null;
  password_hash: string;
  role: InspectorRole;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface AdminSessionsTable {
  token_hash: string;
  inspector_id: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Timestamp | null;
  last_seen_at: Timestamp;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  address: string;
  at: Date;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Date;
  inspector_id: string | null;
  action: string;
  target: string | null;
  details: Json | null;
}

export interface DB {
  inspection_decisions: InspectionDecisionsTable;
  webhook_events: WebhookEventsTable;
  webhook_attempts: WebhookAttemptsTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  contracts: ContractsTable;
  contract_images: ContractImagesTable;
  contract_events: ContractEventsTable;
  images: ImagesTable;
  affiliates: AffiliatesTable;
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  devices: DevicesTable;
  device_identifiers: DeviceIdentifiersTable;
  idempotency_keys: IdempotencyKeysTable;
  policies: PoliciesTable;
  premium_schedule: PremiumScheduleTable;
  inspectors: InspectorsTable;
  admin_sessions: AdminSessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
}
