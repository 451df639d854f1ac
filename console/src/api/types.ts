/** The admin API's answers (the `data` of the `{code, data, error}` envelope), as the console reads them. */

export type Role = 'inspector' | 'admin';

export interface Inspector {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

export interface Me {
  inspector: Inspector;
  inspection_sla_hours?: number;
}

export interface LoginAnswer {
  token: string;
  inspector: Inspector;
  expires_at: string;
}

export interface QueueChecks {
  qr_matched: number;
  qr_expected: number;
  /** true when at least one photo of the round was flagged. */
  duplicate: boolean;
  capture_time: boolean;
  screenshot: boolean;
  blur_or_dark: boolean;
}

export interface QueueItem {
  contract_id: string;
  status: number;
  status_name: string;
  mode: 'live' | 'test';
  affiliate: { id: string; name: string };
  device: { name: string; model_name: string };
  round: number;
  reinspection: boolean;
  queued_at: string | null;
  age_seconds: number;
  checks: QueueChecks;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface Verdict {
  result: boolean;
  reason: string;
}

export interface PhotoChecks {
  role: 'front' | 'rear';
  qr: { found: boolean; matched: boolean; mirrored?: boolean } | null;
  duplicate: Verdict;
  capture_time: Verdict;
  not_screenshot: Verdict;
  exposure: Verdict;
  sharpness: Verdict;
}

export type ImageRole = 'device_info' | 'front' | 'rear';

export interface DossierImage {
  id: string;
  role: ImageRole;
  round: number;
  position: number;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  checks: PhotoChecks | null;
  url: string;
}

export interface TimelineEvent {
  at: string | null;
  action: string;
  actor: string;
  actor_id: string | null;
  from_status: number | null;
  to_status: number;
  note: string | null;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string | null;
  http_status: number | null;
  latency_ms: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'partner_error' | 'dead' | 'cancelled';

export interface ContractDelivery {
  id: string;
  type: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  next_attempt_at: string | null;
  last_error: string | null;
  outcome: unknown;
  body: Record<string, unknown>;
  created_at: string | null;
}

export interface RenderedMessage {
  kind: string;
  title: string;
  text: string;
  templateCode: string;
  buttons: { name: string; url_mobile: string }[];
}

export interface ContractNotification {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  rendered: RenderedMessage | null;
  last_error: string | null;
  created_at: string | null;
  sent_at: string | null;
}

export interface Dossier {
  contract_id: string;
  status: number;
  status_name: string;
  mode: 'live' | 'test';
  affiliate: { id: string; name: string; uid: string | null; cid: string | null };
  /** null once personal data has been erased; `ssn` arrives masked and is shown as it is. */
  customer: { name: string; ssn: string | null; cellphone: string | null; email: string | null } | null;
  device: {
    name: string;
    model_name: string;
    os: string;
    reported: string | null;
    premium_lump_sum: number;
    premium_monthly: number;
  };
  ocr: { result?: boolean; imei?: string | null; serial?: string | null; model?: string | null } | null;
  device_info: { imei?: string; model?: string; serial?: string } | null;
  payment: { type: string | null; amount: number | null; paid_at: string | null; due: string | null };
  round: number;
  queued_at: string | null;
  reinspection_due: string | null;
  insurance: { insurance_start: string; insurance_end: string } | null;
  links: { checkout_url: string | null; contract_url: string | null; reinspection_url: string | null };
  images: DossierImage[];
  decisions: {
    id: string;
    round: number;
    result: number;
    body: unknown;
    inspector_id: string | null;
    decided_at: string | null;
  }[];
  timeline: TimelineEvent[];
  deliveries: ContractDelivery[];
  notifications: ContractNotification[];
  updated_at: string | null;
}

export interface DecisionAnswer {
  decision_id: string;
  webhook_id: string;
  status: number;
  webhook: Record<string, unknown>;
}

export interface DeliveryRow {
  id: string;
  contract_id: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  outcome: unknown;
  created_at: string | null;
  finished_at: string | null;
  next_attempt_at: string | null;
}

export interface NotificationRow {
  id: string;
  contract_id: string | null;
  kind: string;
  status: string;
  attempts: number;
  rendered: RenderedMessage | null;
  last_error: string | null;
  created_at: string | null;
  sent_at: string | null;
}

export interface Dashboard {
  from?: string;
  to?: string;
  funnel: { status: number; status_name: string; count: number }[];
  daily: { date: string; affiliate_name: string; count: number }[];
  turnaround: { median_seconds: number | null; p90_seconds: number | null; count: number };
  decisions: { approved: number; reinspection: number; rejected: number };
  webhooks: { delivered: number; failed: number; pending: number; success_rate: number | null };
}

export interface ApiKey {
  id: string;
  prefix: string;
  mode: 'live' | 'test';
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface Affiliate {
  id: string;
  name: string;
  created_at: string;
  keys: ApiKey[];
  webhooks: { mode: 'live' | 'test'; url: string | null }[];
}

export interface NewKey {
  key_id?: string;
  api_key: string;
  prefix?: string;
  mode?: 'live' | 'test';
}

export interface Device {
  id: string;
  os: string;
  name: string;
  model_name: string;
  eligible: boolean;
  premium_lump_sum: number;
  premium_monthly: number;
  release_date: string | null;
}

export interface InspectorRecord extends Inspector {
  active: boolean;
  created_at: string;
}

export interface AuditItem {
  at: string;
  inspector_email: string | null;
  action: string;
  target: string;
  details: unknown;
}
