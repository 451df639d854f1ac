import type { Clock } from '../clock.js';

/** A partner's key: unique per partner and mode (the scope). */
export interface Claim {
  scope: string;
  key: string;
}

/** How long a claim stays in progress without its process renewing it. */
export const CLAIM_LEASE_MS = 10_000;
const RENEW_EVERY_MS = 3_000;

export const claimId = (claim: Claim) => `${claim.scope}\n${claim.key}`;

/**
 * The claims this process holds while their requests run, their leases renewed together in one
 * statement every few seconds. A failed renewal (the database away) is tried again on the next tick.
 */
export function claimLeases(renew: (claims: Claim[], until: Date) => Promise<void>, clock: Clock) {
  const held = new Map<string, Claim>();
  let timer: NodeJS.Timeout | null = null;
  const tick = () =>
    renew([...held.values()], new Date(clock.now().getTime() + CLAIM_LEASE_MS)).catch(() => undefined);

  return {
    hold(claim: Claim): void {
      held.set(claimId(claim), claim);
      timer ??= setInterval(tick, RENEW_EVERY_MS).unref();
    },
    drop(claim: Claim): void {
      held.delete(claimId(claim));
      if (held.size > 0 || !timer) return;
      clearInterval(timer);
      timer = null;
    },
  };
}
