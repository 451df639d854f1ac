/**
 * Every error code the platform answers with, mapped once to its HTTP status.
 * Services throw `AppError` with one of these codes; the HTTP error handler renders it.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_path: 400,
  malformed_request: 400,
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
  cross_site_request: 403,
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
  request_timeout: 408,
  payload_too_large: 413,
  path_too_long: 414,
  unsupported_media_type: 415,
  unprocessable: 422,
  idempotency_key_reused: 422,
  device_not_eligible: 422,
  amount_mismatch: 422,
  too_many_attempts: 422,
  rate_limited: 429,
  too_many_login_attempts: 429,
  headers_too_large: 431,
  internal_error: 500,
  service_unavailable: 503,
  database_unavailable: 503,
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

/** What each code means and what to do, for the error reference at /docs/errors (every `doc_url`). */
export const ERROR_MEANINGS: Record<ErrorCode, string> = {
  validation_failed:
    'A field is missing, of the wrong type or out of range; `field` names it. Fix the request.',
  invalid_json: 'The body is not valid JSON.',
  invalid_path:
    'The path is not valid percent-encoding (a `%` not followed by two hex digits, or not UTF-8).',
  invalid_encoding: 'The body is not valid UTF-8.',
  json_too_deep: 'The JSON nests deeper than the API accepts.',
  forbidden_key: 'The JSON holds a key that is never accepted (`__proto__`, `constructor`).',
  api_key_in_query:
    'The API key was sent in the URL; send it in the `X-ITECHS-API-KEY` header only, and rotate it.',
  invalid_image: 'The upload is not a readable image (empty, truncated or corrupt).',
  api_key_missing: 'No `X-ITECHS-API-KEY` header.',
  api_key_invalid: 'The API key is unknown or revoked.',
  unauthorized: 'The admin API needs a signed-in inspector session.',
  login_failed: 'The email or password is wrong.',
  session_invalid: 'The inspector session expired or was signed out; sign in again.',
  forbidden: 'The signed-in account may not do this (an admin-only action).',
  cross_site_request:
    'A browser sent this admin request from another site, or as a form: the admin API changes things only for the console on its own origin, sending JSON.',
  test_mode_only:
    'A sandbox feature (test clock, test webhook) called with a live key; use your `cpi_test_` key.',
  signature_invalid: 'The signed image link was altered.',
  signature_expired:
    'The signed image link is older than 15 seconds; ask for a fresh one (GET /image/{id}/).',
  route_not_found: 'No endpoint at this path; check the path (trailing slash optional) against /docs.',
  not_found:
    'No such object for this API key and mode: another partner’s or the other mode’s ids are not found either.',
  method_not_allowed: 'The path exists with other methods; the `Allow` header lists them.',
  conflict: 'The action was already taken (a second decision on one round, say).',
  invalid_status:
    'The contract is not in a status this action accepts; the message names both. See the status table.',
  duplicate_affiliate_cid: 'This `affiliate_cid` is already used by one of your contracts in this mode.',
  payment_deadline_passed: 'The payment deadline of step-2 has passed; the contract expires.',
  no_webhook_url:
    'No webhook URL is set for this mode; set one with the CLI or on the console’s partner page.',
  idempotency_request_in_progress:
    'A request with this `Idempotency-Key` is still being handled; retry shortly (if the process handling it died, a retry takes over within 10 s).',
  request_timeout: 'The request did not arrive whole in time; send it again.',
  headers_too_large: 'The request line and headers are over 16 KB; send long values in the body.',
  malformed_request: 'The request is not valid HTTP/1.1.',
  path_too_long: 'A part of the path (an id) is longer than any id the API issues.',
  payload_too_large: 'The body is over the size limit (JSON 1 MB, images 15 MB by default).',
  unsupported_media_type: 'The content type is not accepted; the message lists what is.',
  unprocessable: 'The request is well-formed but cannot be carried out as it stands.',
  idempotency_key_reused:
    'This `Idempotency-Key` was used with another body; use a new key for a new request.',
  device_not_eligible: 'The device is not insurable; GET /cp-insurance/candidate/ lists the eligible ones.',
  amount_mismatch: 'The paid amount is not the premium of the device for the payment type.',
  too_many_attempts: 'step-1 failed 5 times on this contract; create a new contract.',
  rate_limited: 'Too many requests for this API key; wait for the time the message gives.',
  too_many_login_attempts: 'Too many failed sign-ins; wait before trying again.',
  internal_error: 'Our fault; quote the `request_id` when you contact us.',
  service_unavailable: 'The database is not reachable right now; retry with the same `Idempotency-Key`.',
  database_unavailable:
    'The database could not be reached (an outage or a restart): retry with backoff, sending the same `Idempotency-Key`, so that a request that did go through is answered from its first result instead of being done twice.',
};
