import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Logger } from '../../core/logger.js';
import { nextAttemptDelay } from '../../core/retry-schedule.js';
import { type AuditActor, auditRepository } from '../audit/audit.repository.js';
import { applyAcknowledgement, missingLink } from './acknowledgements.js';
import { type DisableRule, type EndpointDisabled, recordEndpointHealth } from './endpoint-health.js';
import { WEBHOOK_RETRY_SCHEDULE } from './retry-schedule.js';
import type { WebhookEndpoints } from './webhook-endpoints.js';
import type { WebhookType } from './webhook-outbox.js';
import { type DeliveryAttemptResult, sendWebhook } from './webhook-sender.js';
import { signWebhook } from './webhook-signature.js';
import { type WebhookEventRow, webhooksRepository } from './webhooks.repository.js';

/** A claimed event is this worker's for this long: more than the 15 s attempt timeout. */
const LEASE_MS = 60_000;

export interface DeliveryDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  endpoints: WebhookEndpoints;
  allowPrivate: boolean;
  timeoutMs: number;
  disableRule: DisableRule;
}

type Claimed = WebhookEventRow;

type Endpoint = Awaited<ReturnType<WebhookEndpoints['forDelivery']>>;
/** A pass's endpoints, read once per partner and mode however many of its events are due. */
type EndpointsOfPass = (event: Claimed) => Promise<Endpoint>;

function endpointsOfPass(deps: DeliveryDeps): EndpointsOfPass {
  const read = new Map<string, Promise<Endpoint>>();
  return (event) => {
    const key = `${event.affiliate_id}:${event.mode}`;
    let endpoint = read.get(key);
    if (!endpoint) {
      endpoint = deps.endpoints.forDelivery(event.affiliate_id, event.mode);
      read.set(key, endpoint);
    }
    return endpoint;
  };
}

async function attempt(
  deps: DeliveryDeps,
  event: Claimed,
  endpoint: Endpoint,
): Promise<{ url: string | null; result: DeliveryAttemptResult }> {
  if (!endpoint?.url) {
    return {
      url: null,
      result: {
        status: null,
        latencyMs: 0,
        error: 'no_webhook_url',
        responseExcerpt: '',
        retryAfterMs: null,
        ack: { kind: 'retry', reason: 'no_webhook_url' },
      },
    };
  }
  const headers = signWebhook({
    id: event.id,
    timestamp: deps.clock.now(),
    body: event.body,
    secrets: endpoint.secrets,
  });
  return {
    url: endpoint.url,
    result: await sendWebhook({
      url: endpoint.url,
      headers,
      body: event.body,
      timeoutMs: deps.timeoutMs,
      allowPrivate: deps.allowPrivate,
    }),
  };
}

/** Records the attempt and moves the event on, in one transaction; only the lease holder's attempt counts. */
async function settle(
  deps: DeliveryDeps,
  event: Claimed,
  url: string | null,
  result: DeliveryAttemptResult,
): Promise<void> {
  const at = deps.clock.now();
  let ack = result.ack;
  if (ack.kind === 'accepted') {
    const link = missingLink(event.type as WebhookType, ack.body);
    if (link) ack = { kind: 'retry', reason: `answer without ${link}` };
  }
  const disabled = await deps.db.transaction().execute(async (trx) => {
    const outbox = webhooksRepository(trx);
    await outbox.recordAttempt({
      event_id: event.id,
      attempt: event.attempts,
      at,
      url,
      http_status: result.status,
      latency_ms: result.latencyMs,
      error: result.error ?? (ack.kind === 'retry' ? ack.reason : null),
      response_excerpt: result.responseExcerpt,
    });
    if (ack.kind === 'accepted') {
      // Cancelled or re-leased meanwhile: the answer is on record, nothing else changes.
      if (!(await outbox.markDelivered(event, at))) return;
      await outbox.setOutcome(event.id, await applyAcknowledgement(trx, event, ack.body, at));
    } else if (ack.kind === 'partner_error') {
      await outbox.markPartnerError(event, at, ack.error);
    } else {
      const delay = nextAttemptDelay(WEBHOOK_RETRY_SCHEDULE, event.attempts, {
        retryAfterMs: result.retryAfterMs,
      });
      await outbox.markRetry(event, at, delay === null ? null : new Date(at.getTime() + delay), ack.reason);
    }
    // After the event moved on, so that a disablement holds this event too. No URL: nothing to judge.
    if (url === null) return null;
    const endpoint = { affiliateId: event.affiliate_id, mode: event.mode };
    return recordEndpointHealth(trx, endpoint, result.ack.kind !== 'retry', at, deps.disableRule);
  });
  if (disabled) logDisabled(deps.logger, disabled);
}

function logDisabled(logger: Logger, disabled: EndpointDisabled): void {
  logger.warn(
    {
      event: 'endpoint.disabled',
      affiliate: disabled.affiliateId,
      mode: disabled.mode,
      url: disabled.url,
      failingSince: disabled.failingSince.toISOString(),
      held: disabled.held,
    },
    'webhook endpoint disabled: every attempt failed; re-enable it from the console or the CLI',
  );
}

/** One pass of the delivery loop: claims due events and delivers them concurrently. Returns how many. */
export async function deliverDueWebhooks(deps: DeliveryDeps, batch = 50): Promise<number> {
  const claimed = await webhooksRepository(deps.db).claimDue(deps.clock.now(), batch, LEASE_MS);
  const endpointOf = endpointsOfPass(deps);
  await Promise.all(
    claimed.map(async (event) => {
      const endpoint = await endpointOf(event);
      // Disabled: the event waits, unattempted, for the endpoint's re-enable.
      if (endpoint?.disabled) return webhooksRepository(deps.db).holdClaimed(event);
      const { url, result } = await attempt(deps, event, endpoint);
      await settle(deps, event, url, result).catch((error) =>
        deps.logger.error({ err: error, event: event.id }, 'webhook outcome not recorded'),
      );
    }),
  );
  return claimed.length;
}

/**
 * An operator's resend: a dead or partner-error event gets one more attempt now (attempt numbers keep
 * counting, so the history stays whole; if it fails again it is dead again). Audited in the same
 * transaction; undefined when there is no such event.
 */
export async function resendWebhook(db: Db, clock: Clock, eventId: string, actor: AuditActor) {
  const at = clock.now();
  return db.transaction().execute(async (trx) => {
    const resent = await webhooksRepository(trx).resend(eventId, at);
    if (resent) await auditRepository(trx).record({ actor, action: 'delivery.resend', target: eventId, at });
    return resent;
  });
}
