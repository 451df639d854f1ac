import type { Clock } from '../../core/clock.js';
import { hashApiKey, timingSafeEqualStrings } from '../../core/crypto.js';
import type { Caller } from '../../core/http/api-key-auth.js';
import type { AffiliatesRepository } from './affiliates.repository.js';
import { isWellFormedApiKey } from './api-keys.js';

const MAX_CACHED_KEYS = 10_000;

interface CacheEntry {
  caller: Caller | null;
  checkedAt: number;
  pending?: Promise<Caller | null>;
}

/**
 * Resolves a presented API key to its partner. A key's answer is cached for `cacheMs` (≤ 5 s), so a
 * busy key costs one database round trip per interval in each process, and a revocation made by
 * any process is seen everywhere within that interval.
 */
export function keyAuthenticator(repository: AffiliatesRepository, clock: Clock, cacheMs: number) {
  const cache = new Map<string, CacheEntry>();

  async function lookUp(keyHash: string): Promise<Caller | null> {
    const row = await repository.touchActiveKey(keyHash, clock.now());
    if (!row || !timingSafeEqualStrings(row.key_hash, keyHash)) return null;
    return { affiliateId: row.affiliate_id, mode: row.mode, keyId: row.id };
  }

  function remember(keyHash: string, entry: CacheEntry): void {
    if (!cache.has(keyHash) && cache.size >= MAX_CACHED_KEYS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(keyHash, entry);
  }

  return async function authenticate(presentedKey: string): Promise<Caller | null> {
    if (!isWellFormedApiKey(presentedKey)) return null;
    const keyHash = hashApiKey(presentedKey);
    const now = clock.now().getTime();
    const cached = cache.get(keyHash);
    if (cached?.pending) return cached.pending;
    if (cached && now - cached.checkedAt < cacheMs) return cached.caller;
    const pending = lookUp(keyHash);
    remember(keyHash, { caller: cached?.caller ?? null, checkedAt: now, pending });
    try {
      const caller = await pending;
      remember(keyHash, { caller, checkedAt: now });
      return caller;
    } catch (error) {
      cache.delete(keyHash);
      throw error;
    }
  };
}
