import type { Transaction } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { DB, Mode } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import { type AuditActor, auditRepository } from '../audit/audit.repository.js';
import { webhooksRepository } from './webhooks.repository.js';

/**
 * The auto-disable rule, in one place (docs/architecture.md, "The outboxes"): an endpoint whose
 * every attempt has failed for `afterMs` since it last answered is disabled. An answer is a 2xx
 * with a boolean `result` (`false` included: the partner is there and says no); null never disables.
 */
export interface DisableRule {
  afterMs: number | null;
}

export const disableRuleOf = (hours: number): DisableRule => ({
  afterMs: hours > 0 ? hours * 3_600_000 : null,
});

export interface EndpointDisabled {
  affiliateId: string;
  mode: Mode;
  url: string | null;
  failingSince: Date;
  held: number;
}

const endpointTarget = (affiliateId: string, mode: Mode) => `${affiliateId}:${mode}`;

/**
 * Moves the endpoint's streak on after an attempt, in the attempt's transaction. When the rule trips
 * it disables the endpoint, holds its pending events and audits `endpoint.disabled`; answers that
 * disablement to the one transaction that made it, so the caller logs it once.
 */
export async function recordEndpointHealth(
  trx: Transaction<DB>,
  endpoint: { affiliateId: string; mode: Mode },
  answered: boolean,
  at: Date,
  rule: DisableRule,
): Promise<EndpointDisabled | null> {
  const repository = webhooksRepository(trx);
  const { affiliateId, mode } = endpoint;
  if (answered) {
    await repository.endpointAnswered(affiliateId, mode);
    return null;
  }
  await repository.endpointFailed(affiliateId, mode, at);
  if (rule.afterMs === null) return null;
  const hours = rule.afterMs / 3_600_000;
  const reason = `every attempt failed for ${hours} h`;
  const cutoff = new Date(at.getTime() - rule.afterMs);
  const disabled = await repository.disableIfFailingSince(affiliateId, mode, cutoff, at, reason);
  if (!disabled?.failing_since) return null;
  const held = await repository.holdPending(affiliateId, mode);
  const failingSince = new Date(disabled.failing_since);
  await auditRepository(trx).record({
    actor: { kind: 'worker' },
    action: 'endpoint.disabled',
    target: endpointTarget(affiliateId, mode),
    details: { url: disabled.url, failing_since: failingSince.toISOString(), reason, held },
    at,
  });
  return { affiliateId, mode, url: disabled.url, failingSince, held };
}

/**
 * An operator's re-enable: the streak starts afresh and the held events are due now, in one audited
 * transaction. 404 without such an endpoint, 409 when it is not disabled (nothing to undo).
 */
export async function enableEndpoint(
  db: Db,
  endpoint: { affiliateId: string; mode: Mode },
  actor: AuditActor,
  at: Date,
) {
  const { affiliateId, mode } = endpoint;
  return db.transaction().execute(async (trx) => {
    const repository = webhooksRepository(trx);
    if (!(await repository.findEndpoint(affiliateId, mode)))
      throw new AppError('not_found', `Affiliate ${affiliateId} has no ${mode} webhook endpoint.`);
    const enabled = await repository.enableEndpoint(affiliateId, mode, at);
    if (!enabled)
      throw new AppError('conflict', `The ${mode} webhook endpoint of ${affiliateId} is not disabled.`);
    const released = await repository.releaseHeld(affiliateId, mode, at);
    await auditRepository(trx).record({
      actor,
      action: 'endpoint.enabled',
      target: endpointTarget(affiliateId, mode),
      details: { released },
      at,
    });
    return { affiliate_id: affiliateId, mode, url: enabled.url, released };
  });
}
