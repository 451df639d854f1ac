import type { Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { claimDue } from '../../core/db/claim-due.js';
import type { Db } from '../../core/db/database.js';
import type { WebhookEventsTable } from '../../core/db/schema.js';
import type { Logger } from '../../core/logger.js';
import { applyAcknowledgement, missingLink } from './acknowledgements.js';
import { nextAttemptDelay } from './retry-schedule.js';
import type { WebhookEndpoints } from './webhook-endpoints.js';
import type { WebhookType } from './webhook-outbox.js';
import { type DeliveryAttemptResult, sendWebhook } from './webhook-sender.js';
import { signWebhook } from './webhook-signature.js';

/** A claimed event is this worker's for this long: more than the 15 s attempt timeout. */
const LEASE_MS = 60_000;

export interface DeliveryDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  endpoints: WebhookEndpoints;
  allowPrivate: boolean;
  timeoutMs: number;
}

type Claimed = Selectable<WebhookEventsTable>;

function claimDueEvents(deps: DeliveryDeps, batch: number): Promise<Claimed[]> {
  return claimDue(deps.db, 'webhook_events', deps.clock.now(), batch, LEASE_MS);
}

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
  endpointOf: EndpointsOfPass,
): Promise<{ url: string | null; result: DeliveryAttemptResult }> {
  const endpoint = await endpointOf(event);
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
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        event_id: event.id,
        attempt: event.attempts,
        at,
        url,
        http_status: result.status,
        latency_ms: result.latencyMs,
        error: result.error ?? (ack.kind === 'retry' ? ack.reason : null),
        response_excerpt: result.responseExcerpt,
      })
      .execute();
    const current = trx
      .updateTable('webhook_events')
      .where('id', '=', event.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', event.attempts);
    if (ack.kind === 'accepted') {
      const claimedRow = await current
        .set({ status: 'delivered', finished_at: at, next_attempt_at: null, last_error: null })
        .returning('id')
        .executeTakeFirst();
      if (!claimedRow) return; // cancelled or re-leased meanwhile: the answer is on record, nothing else changes
      const outcome = await applyAcknowledgement(trx, event, ack.body, at);
      await trx.updateTable('webhook_events').set({ outcome }).where('id', '=', event.id).execute();
    } else if (ack.kind === 'partner_error') {
      await current
        .set({
          status: 'partner_error',
          finished_at: at,
          next_attempt_at: null,
          last_error: ack.error,
          outcome: 'partner reported an error',
        })
        .execute();
    } else {
      const delay = nextAttemptDelay(event.attempts, { retryAfterMs: result.retryAfterMs });
      await current
        .set(
          delay === null
            ? { status: 'dead', finished_at: at, next_attempt_at: null, last_error: ack.reason }
            : { next_attempt_at: new Date(at.getTime() + delay), last_error: ack.reason },
        )
        .execute();
    }
  });
}

/** One pass of the delivery loop: claims due events and delivers them concurrently. Returns how many. */
export async function deliverDueWebhooks(deps: DeliveryDeps, batch = 50): Promise<number> {
  const claimed = await claimDueEvents(deps, batch);
  const endpointOf = endpointsOfPass(deps);
  await Promise.all(
    claimed.map(async (event) => {
      const { url, result } = await attempt(deps, event, endpointOf);
      await settle(deps, event, url, result).catch((error) =>
        deps.logger.error({ err: error, event: event.id }, 'webhook outcome not recorded'),
      );
    }),
  );
  return claimed.length;
}

/**
 * An operator's resend: a dead or partner-error event gets one more attempt now (attempt numbers keep
 * counting, so the history stays whole; if it fails again it is dead again).
 */
export async function resendWebhook(db: Db, clock: Clock, eventId: string) {
  return db
    .updateTable('webhook_events')
    .set({ status: 'pending', next_attempt_at: clock.now(), finished_at: null })
    .where('id', '=', eventId)
    .where('status', 'in', ['dead', 'partner_error'])
    .returning(['id', 'status'])
    .executeTakeFirst();
}
