import { Webhook } from 'standardwebhooks';
import type { webhooks } from './generated/partner-api.js';

type BodyOf<Name extends keyof webhooks> = NonNullable<
  webhooks[Name]['post']['requestBody']
>['content']['application/json'];

/** A 검수결과 webhook body; narrow it on `result` (0 completed, 1 re-inspection, 2 rejected) or `type`. */
export type InspectionWebhook =
  | BodyOf<'inspection.completed'>
  | BodyOf<'inspection.reinspection_requested'>
  | BodyOf<'inspection.rejected'>;

/** The partner's answer: `{result: true}` with the type's link, or `{result: false, error}`. */
export type WebhookAnswer =
  webhooks['inspection.completed']['post']['responses'][200]['content']['application/json'];

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function flatten(headers: WebhookHeaders): Record<string, string> {
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const RESULTS: Record<InspectionWebhook['type'], number> = {
  'inspection.completed': 0,
  'inspection.reinspection_requested': 1,
  'inspection.rejected': 2,
};

/**
 * Checks a delivery's Standard Webhooks signature (webhook-id, webhook-timestamp within 5 minutes,
 * webhook-signature by `secret`, the `whsec_…` of your mode) over the raw body as received, and
 * returns the typed payload. Throws WebhookVerificationError otherwise: answer such a request 400.
 */
export function verifyWebhook(
  secret: string,
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
): InspectionWebhook {
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(body, flatten(headers));
  } catch (error) {
    throw new WebhookVerificationError(
      `The webhook's signature does not verify: ${(error as Error).message}`,
    );
  }
  const candidate = payload as Partial<InspectionWebhook> | null;
  const type = candidate?.type as InspectionWebhook['type'] | undefined;
  if (!type || RESULTS[type] === undefined || RESULTS[type] !== candidate?.result)
    throw new WebhookVerificationError('The signed body is not a 검수결과 webhook this SDK knows.');
  return candidate as InspectionWebhook;
}
