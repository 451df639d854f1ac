import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { missingLink } from '../webhooks/acknowledgements.js';
import type { WebhookEndpoints } from '../webhooks/webhook-endpoints.js';
import type { WebhookType } from '../webhooks/webhook-outbox.js';
import { sendWebhook } from '../webhooks/webhook-sender.js';
import { signWebhook } from '../webhooks/webhook-signature.js';
import { planDecision, webhookPayload } from './decide-inspection.js';
import type { DecisionBody } from './inspection.schemas.js';

/** One example of each result the spec defines, built by the same code as real decisions. */
const EXAMPLES: Array<{ example: string; body: Static<typeof DecisionBody>; paymentType: '0' | '1' }> = [
  { example: 'completed', body: { result: 0 }, paymentType: '0' },
  { example: 'completed_monthly', body: { result: 0 }, paymentType: '1' },
  {
    example: 'reinspection_requested',
    body: {
      result: 1,
      detail: {
        front: { result: false, msg: '전면 액정이 손가락에 가려져 있습니다' },
        rear: { result: true, msg: null },
      },
      msg: '재촬영이 필요합니다.',
    },
    paymentType: '0',
  },
  { example: 'rejected', body: { result: 2, reject_type: 0, msg: '전면 액정 파손' }, paymentType: '0' },
];
const EXAMPLE_PREMIUM_MONTHLY = 9900;

export interface TestWebhookDeps {
  endpoints: WebhookEndpoints;
  clock: Clock;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * Sends each example, signed like a real delivery and marked `"test": true`, to the caller's
 * endpoint, and answers what came back and whether it would count as the spec's acknowledgement.
 * Test-mode keys only; nothing is stored and no contract changes.
 */
export async function sendTestWebhooks(deps: TestWebhookDeps, caller: Caller) {
  if (caller.mode !== 'test')
    throw new AppError('test_mode_only', 'Test webhooks are sent for test-mode keys (cpi_test_…) only.');
  const endpoint = await deps.endpoints.forDelivery(caller.affiliateId, caller.mode);
  if (!endpoint?.url) {
    throw new AppError(
      'no_webhook_url',
      `No webhook URL is set for test mode: set one with \`cp-insurance affiliate webhook set --affiliate ${caller.affiliateId} --mode test --url …\` or on the console's partner page.`,
    );
  }
  const url = endpoint.url;
  const results = [];
  for (const { example, body, paymentType } of EXAMPLES) {
    const now = deps.clock.now();
    const steps = planDecision(
      body,
      { payment_type: paymentType, premium_monthly: EXAMPLE_PREMIUM_MONTHLY },
      now,
    );
    const payload = {
      ...webhookPayload(steps, {
        id: randomUUID(),
        affiliate_uid: 'example-user',
        affiliate_cid: 'example-contract',
      }),
      test: true,
    };
    const id = `msg_test_${randomUUID().replaceAll('-', '')}`;
    const raw = JSON.stringify(payload);
    const headers = signWebhook({ id, timestamp: now, body: raw, secrets: endpoint.secrets });
    const sent = await sendWebhook({
      url,
      headers,
      body: raw,
      timeoutMs: deps.timeoutMs,
      allowPrivate: deps.allowPrivate,
    });
    results.push({
      example,
      webhook_id: id,
      sent: payload,
      http_status: sent.status,
      latency_ms: sent.latencyMs,
      response_excerpt: sent.responseExcerpt,
      acknowledged: problemOf(steps.type, sent.ack) === null,
      problem: problemOf(steps.type, sent.ack),
    });
  }
  return { url, results };
}

/** Why the answer would not acknowledge a real delivery of this type; null when it would. */
function problemOf(type: WebhookType, ack: Awaited<ReturnType<typeof sendWebhook>>['ack']): string | null {
  if (ack.kind === 'retry') return `would be retried: ${ack.reason}`;
  if (ack.kind === 'partner_error') return `recorded as a partner error, not retried: ${ack.error}`;
  const link = missingLink(type, ack.body);
  return link ? `would be retried: the answer has no ${link}` : null;
}
