import type { Insertable, Selectable } from 'kysely';
import { claimDue } from '../../core/db/claim-due.js';
import type { Db } from '../../core/db/database.js';
import type { Mode, WebhookAttemptsTable, WebhookEventsTable } from '../../core/db/schema.js';

export type WebhookEventRow = Selectable<WebhookEventsTable>;
export type DeliveryStatus = WebhookEventsTable['status'];

/** Every read and write of `webhook_events` (the outbox), `webhook_attempts` and `webhook_endpoints`. */
export function webhooksRepository(db: Db) {
  /** The event while it is still the caller's to settle: pending, at the attempt the caller made. */
  const heldEvent = (event: { id: string; attempts: number }) =>
    db
      .updateTable('webhook_events')
      .where('id', '=', event.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', event.attempts);

  /** An endpoint's row, for an update. */
  const endpointRow = (affiliateId: string, mode: Mode) =>
    db.updateTable('webhook_endpoints').where('affiliate_id', '=', affiliateId).where('mode', '=', mode);
  /** An endpoint's pending events, for an update. */
  const pendingOf = (affiliateId: string, mode: Mode) =>
    db
      .updateTable('webhook_events')
      .where('affiliate_id', '=', affiliateId)
      .where('mode', '=', mode)
      .where('status', '=', 'pending');

  return {
    async insertEvent(event: Insertable<WebhookEventsTable>): Promise<void> {
      await db.insertInto('webhook_events').values(event).execute();
    },

    async cancelPending(contractId: string, at: Date): Promise<void> {
      await db
        .updateTable('webhook_events')
        .set({ status: 'cancelled', next_attempt_at: null, finished_at: at, outcome: 'contract cancelled' })
        .where('contract_id', '=', contractId)
        .where('status', '=', 'pending')
        .execute();
    },

    claimDue: (now: Date, batch: number, leaseMs: number) =>
      claimDue(db, 'webhook_events', now, batch, leaseMs, { inOrderPerContract: true }),

    async recordAttempt(attempt: Insertable<WebhookAttemptsTable>): Promise<void> {
      await db.insertInto('webhook_attempts').values(attempt).execute();
    },

    /** Delivered; false when the event was cancelled or re-leased meanwhile (nothing else may change then). */
    async markDelivered(event: { id: string; attempts: number }, at: Date): Promise<boolean> {
      const row = await heldEvent(event)
        .set({ status: 'delivered', finished_at: at, next_attempt_at: null, last_error: null })
        .returning('id')
        .executeTakeFirst();
      return Boolean(row);
    },

    async setOutcome(eventId: string, outcome: string): Promise<void> {
      await db.updateTable('webhook_events').set({ outcome }).where('id', '=', eventId).execute();
    },

    async markPartnerError(event: { id: string; attempts: number }, at: Date, error: string): Promise<void> {
      await heldEvent(event)
        .set({
          status: 'partner_error',
          finished_at: at,
          next_attempt_at: null,
          last_error: error,
          outcome: 'partner reported an error',
        })
        .execute();
    },

    /** Another attempt at `next`, or dead when `next` is null (the schedule is spent). */
    async markRetry(event: { id: string; attempts: number }, at: Date, next: Date | null, reason: string) {
      await heldEvent(event)
        .set(
          next === null
            ? { status: 'dead', finished_at: at, next_attempt_at: null, last_error: reason }
            : { next_attempt_at: next, last_error: reason },
        )
        .execute();
    },

    /** A dead or partner-error event made due now; undefined when there is no such event. */
    resend(eventId: string, at: Date) {
      return db
        .updateTable('webhook_events')
        .set({ status: 'pending', next_attempt_at: at, finished_at: null })
        .where('id', '=', eventId)
        .where('status', 'in', ['dead', 'partner_error'])
        .returning(['id', 'status'])
        .executeTakeFirst();
    },

    /** Newest first; `failed` stands for partner_error and dead together. */
    listEvents(status: DeliveryStatus | 'failed' | undefined, limit: number) {
      let query = db
        .selectFrom('webhook_events')
        .select([
          'id',
          'contract_id',
          'type',
          'status',
          'attempts',
          'last_error',
          'outcome',
          'created_at',
          'finished_at',
          'next_attempt_at',
        ]);
      if (status === 'failed') query = query.where('status', 'in', ['partner_error', 'dead']);
      else if (status) query = query.where('status', '=', status);
      return query.orderBy('created_at', 'desc').limit(limit).execute();
    },

    /** A contract's events, oldest first, each with its attempts in order. */
    async eventsOfContract(contractId: string) {
      const events = await db
        .selectFrom('webhook_events')
        .selectAll()
        .where('contract_id', '=', contractId)
        .orderBy('created_at')
        .execute();
      const attempts = events.length
        ? await db
            .selectFrom('webhook_attempts')
            .selectAll()
            .where(
              'event_id',
              'in',
              events.map((event) => event.id),
            )
            .orderBy('id')
            .execute()
        : [];
      return events.map((event) => ({
        event,
        attempts: attempts.filter((attempt) => attempt.event_id === event.id),
      }));
    },

    async insertEndpoint(endpoint: { affiliate_id: string; mode: Mode; url: string | null; secret: string }) {
      await db.insertInto('webhook_endpoints').values(endpoint).execute();
    },

    /** Sets the URL, creating the endpoint with `secret` when it has none yet. */
    upsertUrl(endpoint: { affiliate_id: string; mode: Mode; url: string; secret: string }, at: Date) {
      return db
        .insertInto('webhook_endpoints')
        .values(endpoint)
        .onConflict((conflict) =>
          conflict.columns(['affiliate_id', 'mode']).doUpdateSet({ url: endpoint.url, updated_at: at }),
        )
        .returning(['url', 'secret'])
        .executeTakeFirstOrThrow();
    },

    /** The new secret signs from now; the old one also signs until `overlapUntil`. */
    rotateSecret(affiliateId: string, mode: Mode, secret: string, at: Date, overlapUntil: Date) {
      return db
        .updateTable('webhook_endpoints')
        .set((eb) => ({
          previous_secret: eb.ref('secret'),
          previous_secret_expires_at: overlapUntil,
          secret,
          updated_at: at,
        }))
        .where('affiliate_id', '=', affiliateId)
        .where('mode', '=', mode)
        .returning(['previous_secret_expires_at'])
        .executeTakeFirst();
    },

    findEndpoint(affiliateId: string, mode: Mode) {
      return db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('affiliate_id', '=', affiliateId)
        .where('mode', '=', mode)
        .executeTakeFirst();
    },

    /** Every endpoint's URL and health (never a secret), for the partner listings. */
    listUrls() {
      return db
        .selectFrom('webhook_endpoints')
        .select(['affiliate_id', 'mode', 'url', 'failing_since', 'disabled_at', 'disabled_reason'])
        .execute();
    },

    /** The endpoint answered (2xx with a boolean result): its failure streak ends. */
    async endpointAnswered(affiliateId: string, mode: Mode): Promise<void> {
      await endpointRow(affiliateId, mode)
        .set({ failing_since: null })
        .where('failing_since', 'is not', null)
        .execute();
    },

    /** The endpoint failed at `at`: its streak starts here unless it already runs. */
    async endpointFailed(affiliateId: string, mode: Mode, at: Date): Promise<void> {
      await endpointRow(affiliateId, mode)
        .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', eb.val(at)) }))
        .execute();
    },

    /** Disables the endpoint when its streak began at or before `cutoff`; answers it only to the one caller that did. */
    disableIfFailingSince(affiliateId: string, mode: Mode, cutoff: Date, at: Date, reason: string) {
      return endpointRow(affiliateId, mode)
        .set({ disabled_at: at, disabled_reason: reason, updated_at: at })
        .where('disabled_at', 'is', null)
        .where('failing_since', '<=', cutoff)
        .returning(['url', 'failing_since'])
        .executeTakeFirst();
    },

    /** Re-enabled with a fresh streak; undefined when the endpoint was not disabled. */
    enableEndpoint(affiliateId: string, mode: Mode, at: Date) {
      return endpointRow(affiliateId, mode)
        .set({ disabled_at: null, disabled_reason: null, failing_since: null, updated_at: at })
        .where('disabled_at', 'is not', null)
        .returning(['url'])
        .executeTakeFirst();
    },

    /** Holds every pending event of the endpoint: never due until released. Answers how many. */
    async holdPending(affiliateId: string, mode: Mode): Promise<number> {
      const result = await pendingOf(affiliateId, mode).set({ next_attempt_at: null }).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** A claimed event of a disabled endpoint goes back unattempted: its claim uncounted, held. */
    async holdClaimed(event: { id: string; attempts: number }): Promise<void> {
      await heldEvent(event)
        .set((eb) => ({ attempts: eb('attempts', '-', 1), next_attempt_at: null }))
        .execute();
    },

    /** The endpoint's held events made due at `at`. Answers how many. */
    async releaseHeld(affiliateId: string, mode: Mode, at: Date): Promise<number> {
      const result = await pendingOf(affiliateId, mode)
        .set({ next_attempt_at: at })
        .where('next_attempt_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export type WebhooksRepository = ReturnType<typeof webhooksRepository>;
