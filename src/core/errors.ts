/**
 * Every error code the platform answers with, mapped once to its HTTP status.
 * Services throw `AppError` with one of these codes; the HTTP error handler renders it.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_encoding: 400,
  json_too_deep: 400,
  forbidden_key: 400,
  api_key_in_query: 400,
  invalid_image: 400,
  api_key_missing: 401,
  api_key_invalid: 401,
  unauthorized: 401,
  login_failed: 401,
  session_invalid: 401,
  forbidden: 403,
  test_mode_only: 403,
  signature_invalid: 403,
  signature_expired: 403,
  route_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  invalid_status: 409,
  duplicate_affiliate_cid: 409,
  payment_deadline_passed: 409,
  no_webhook_url: 409,
  idempotency_request_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  idempotency_key_reused: 422,
  device_not_eligible: 422,
  amount_mismatch: 422,
  too_many_attempts: 422,
  rate_limited: 429,
  too_many_login_attempts: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
