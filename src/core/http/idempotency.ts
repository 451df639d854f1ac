import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { idempotencyRepository } from './idempotency.repository.js';

const HEADER = 'idempotency-key';
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** A first attempt still "in progress" after this long died with its process; a retry may take over. */
const STALE_IN_PROGRESS_MS = 120_000;

interface Claim {
  scope: string;
  key: string;
}

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
  const claim = (scope: string, key: string, hash: string) => keys.claim(scope, key, hash, clock.now());

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
    if (await claim(scope, key, hash)) {
      request.idempotencyClaim = { scope, key };
      return;
    }
    const existing = await keys.find(scope, key);
    const age = existing ? clock.now().getTime() - existing.created_at.getTime() : Number.POSITIVE_INFINITY;
    const expired =
      age > ttlHours * 3_600_000 || (existing?.state === 'in_progress' && age > STALE_IN_PROGRESS_MS);
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
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      // A failure on our side must not be replayed: the retry gets a fresh attempt.
      await keys.release(held.scope, held.key);
      return payload;
    }
    await keys.complete(held.scope, held.key, {
      status: reply.statusCode,
      body: payload,
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
    });
    return payload;
  };

  return { preValidation, onSend };
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
