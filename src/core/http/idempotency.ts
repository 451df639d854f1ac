import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { DatabaseUnavailableError, type Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { idempotencyRepository } from './idempotency.repository.js';
import { CLAIM_LEASE_MS, type Claim, claimId, claimLeases } from './idempotency-leases.js';

const HEADER = 'idempotency-key';
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** How often an outcome the database did not take is offered to it again. */
const UNWRITTEN_RETRY_MS = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim?: Claim;
  }
}

export interface IdempotencyOptions {
  db: Db;
  clock: Clock;
  ttlHours: number;
}

/** A JSON body is hashed whole; a streamed upload is identified by its declared type and length. */
function requestHash(request: FastifyRequest): string {
  const streamed =
    request.body === undefined || typeof (request.body as { pipe?: unknown }).pipe === 'function';
  const body = streamed
    ? `${request.headers['content-type'] ?? ''};${request.headers['content-length'] ?? ''}`
    : JSON.stringify(request.body);
  return createHash('sha256').update(`${request.method} ${request.routeOptions.url}\n${body}`).digest('hex');
}

/**
 * `Idempotency-Key` for every partner POST: the first request claims the key in the database (so
 * concurrent retries see the claim), its answer is stored, and later requests with the same key and
 * body get that answer back byte for byte for `ttlHours`.
 */
export function idempotency({ db, clock, ttlHours }: IdempotencyOptions) {
  const keys = idempotencyRepository(db);
  const unwritten = unwrittenOutcomes();
  const leases = claimLeases(keys.renew, clock);
  const claim = async (scope: string, key: string, hash: string) => {
    const at = clock.now();
    try {
      const claimed = await keys.claim(scope, key, hash, at, new Date(at.getTime() + CLAIM_LEASE_MS));
      if (claimed) leases.hold({ scope, key });
      return claimed;
    } catch (error) {
      // The insert may have landed with its answer lost: withdrawn once the database is back.
      if (error instanceof DatabaseUnavailableError)
        unwritten.later({ scope, key }, () => keys.withdraw(scope, key, at));
      throw error;
    }
  };

  /** Runs before the body is validated: a replay answers even a request that would now be refused. */
  const preValidation = async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || key === undefined || !request.caller) return;
    if (typeof key !== 'string' || !VALID_KEY.test(key)) {
      throw new AppError(
        'validation_failed',
        'Idempotency-Key must be 1–255 printable ASCII characters.',
        'Idempotency-Key',
      );
    }
    const scope = `${request.caller.affiliateId}:${request.caller.mode}`;
    const hash = requestHash(request);
    // A retry after an outage: this key's first outcome is written before the key is looked at.
    await unwritten.flush({ scope, key });
    if (await claim(scope, key, hash)) {
      request.idempotencyClaim = { scope, key };
      return;
    }
    const existing = await keys.find(scope, key);
    const now = clock.now().getTime();
    const age = existing ? now - existing.created_at.getTime() : Number.POSITIVE_INFINITY;
    // A lease not renewed: the first attempt's process died mid-request, and this retry takes over.
    const leaseEnd =
      existing?.lease_until?.getTime() ?? (existing?.created_at.getTime() ?? 0) + CLAIM_LEASE_MS;
    const expired = age > ttlHours * 3_600_000 || (existing?.state === 'in_progress' && now > leaseEnd);
    if (!existing || expired) {
      await keys.release(scope, key);
      if (await claim(scope, key, hash)) {
        request.idempotencyClaim = { scope, key };
        return;
      }
      throw inProgress();
    }
    if (existing.request_hash !== hash) {
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with another request; use a new key for a new request.',
      );
    }
    if (existing.state === 'in_progress') throw inProgress();
    return reply
      .code(existing.response_status ?? 200)
      .header('content-type', existing.response_content_type ?? 'application/json; charset=utf-8')
      .header('idempotent-replayed', 'true')
      .send(existing.response_body ?? '');
  };

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const held = request.idempotencyClaim;
    if (!held) return payload;
    request.idempotencyClaim = undefined;
    leases.drop(held);
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      // A failure on our side must not be replayed: the retry gets a fresh attempt.
      await unwritten.write(held, () => keys.release(held.scope, held.key));
      return payload;
    }
    const answer = {
      status: reply.statusCode,
      body: payload,
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
    };
    await unwritten.write(held, () => keys.complete(held.scope, held.key, answer));
    return payload;
  };

  return { preValidation, onSend };
}

/**
 * A key's outcome (its answer, its release after a 5xx, or the withdrawal of a claim whose insert
 * failed) that the database did not take because it went away mid-request. The answer still goes
 * out; the outcome is written once the database is back, by a timer or before a retry with that
 * key, so that the key is not left "in progress" for the 120 s a dead process's claim is held.
 */
function unwrittenOutcomes() {
  const pending = new Map<string, () => Promise<void>>();
  let retrying = false;

  const attempt = async (id: string, write: () => Promise<void>) => {
    try {
      await write();
      pending.delete(id);
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      later(id, write);
      throw error;
    }
  };
  const later = (id: string, write: () => Promise<void>) => {
    pending.set(id, write);
    if (!retrying) setTimeout(retryAll, UNWRITTEN_RETRY_MS).unref();
    retrying = true;
  };
  const retryAll = async () => {
    retrying = false;
    for (const [id, write] of pending) {
      const stillDown = await attempt(id, write).then(
        () => false,
        (error) => {
          // Still down: the failed attempt has set the next retry. Other failures will not heal.
          if (!(error instanceof DatabaseUnavailableError)) pending.delete(id);
          return error instanceof DatabaseUnavailableError;
        },
      );
      if (stillDown) break;
    }
  };

  return {
    /** Kept for later without trying now: the database has just failed. */
    later: (claim: Claim, write: () => Promise<void>) => later(claimId(claim), write),
    write: (claim: Claim, write: () => Promise<void>) =>
      attempt(claimId(claim), write).catch((error) => {
        if (!(error instanceof DatabaseUnavailableError)) throw error;
      }),
    async flush(claim: Claim) {
      const write = pending.get(claimId(claim));
      if (write) await attempt(claimId(claim), write);
    },
  };
}

function inProgress() {
  return new AppError(
    'idempotency_request_in_progress',
    'A request with this Idempotency-Key is still being processed; retry in a moment.',
  );
}

/** Answers are kept for `ttlHours`; after that the key may be used again and the row is removed. */
export function purgeExpiredIdempotencyKeys(db: Db, clock: Clock, ttlHours: number): Promise<number> {
  return idempotencyRepository(db).purgeBefore(new Date(clock.now().getTime() - ttlHours * 3_600_000));
}
