import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import { planDecision, webhookPayload } from '../inspection/decide-inspection.js';
import type { DecisionBody } from '../inspection/inspection.schemas.js';
import { missingLink } from '../webhooks/acknowledgements.js';
import type { WebhookEndpoints } from '../webhooks/webhook-endpoints.js';
import type { WebhookType } from '../webhooks/webhook-outbox.js';
import { sendWebhook } from '../webhooks/webhook-sender.js';
import { signWebhook } from '../webhooks/webhook-signature.js';

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

/** The partner API's entry: test-mode keys only. */
export function sendTestWebhooksFor(deps: TestWebhookDeps, caller: Caller) {
  if (caller.mode !== 'test')
    throw new AppError('test_mode_only', 'Test webhooks are sent for test-mode keys (cpi_test_…) only.');
  return sendTestWebhooks(deps, caller.affiliateId);
}

/**
 * Sends each example, signed like a real delivery with the partner's test-mode secret and marked
 * `"test": true`, to its test-mode endpoint, all at once, and answers what came back and whether it
 * would count as the spec's acknowledgement. Nothing is stored and no contract changes.
 */
export async function sendTestWebhooks(deps: TestWebhookDeps, affiliateId: string) {
  const endpoint = await deps.endpoints.forDelivery(affiliateId, 'test');
  if (!endpoint?.url) {
    throw new AppError(
      'no_webhook_url',
      `No webhook URL is set for test mode: set one with \`cp-insurance affiliate webhook set --affiliate ${affiliateId} --mode test --url …\` or on the console's partner page.`,
    );
  }
  const target = { url: endpoint.url, secrets: endpoint.secrets };
  const results = await Promise.all(EXAMPLES.map((example) => sendExample(deps, target, example)));
  return { url: endpoint.url, results };
}

async function sendExample(
  deps: TestWebhookDeps,
  target: { url: string; secrets: Parameters<typeof signWebhook>[0]['secrets'] },
  { example, body, paymentType }: (typeof EXAMPLES)[number],
) {
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
  const headers = signWebhook({ id, timestamp: now, body: raw, secrets: target.secrets });
  const sent = await sendWebhook({
    url: target.url,
    headers,
    body: raw,
    timeoutMs: deps.timeoutMs,
    allowPrivate: deps.allowPrivate,
  });
  const problem = problemOf(steps.type, sent.ack);
  return {
    example,
    webhook_id: id,
    sent: payload,
    http_status: sent.status,
    latency_ms: sent.latencyMs,
    response_excerpt: sent.responseExcerpt,
    acknowledged: problem === null,
    problem,
  };
}

/** Why the answer would not acknowledge a real delivery of this type; null when it would. */
function problemOf(type: WebhookType, ack: Awaited<ReturnType<typeof sendWebhook>>['ack']): string | null {
  if (ack.kind === 'retry') return `would be retried: ${ack.reason}`;
  if (ack.kind === 'partner_error') return `recorded as a partner error, not retried: ${ack.error}`;
  const link = missingLink(type, ack.body);
  return link ? `would be retried: the answer has no ${link}` : null;
}
