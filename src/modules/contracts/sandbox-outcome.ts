import type { Mode } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';

/**
 * What a test-mode contract does after checkout, chosen by the partner at create with
 * `sandbox_outcome`: decided by the sandbox a few seconds later, or left to a person (`manual`).
 */
export const SANDBOX_OUTCOMES = {
  approve: 'approved (검수완료): webhook result 0, then status 7 on acknowledgement',
  reinspect:
    'a re-inspection (재검수요청): webhook result 1; after step-2/update/ the new photos are approved',
  reject: 'rejected (인수거절): webhook result 2 with reject_type 9',
  manual: 'not decided by the sandbox: an inspector decides in the console',
} as const;

/** How the schema describes the wait; `SANDBOX_DECISION_DELAY_MS` sets it. */
export const SANDBOX_DELAY_NOTE = 'a few seconds after checkout (5 s by default) or after step-2/update/:';

export type SandboxOutcome = keyof typeof SANDBOX_OUTCOMES;
export const DEFAULT_SANDBOX_OUTCOME: SandboxOutcome = 'approve';

const isSandboxOutcome = (value: string): value is SandboxOutcome => Object.hasOwn(SANDBOX_OUTCOMES, value);

/** The outcome a new contract carries: none in live mode, where the field is ordinary, ignored data. */
export function sandboxOutcomeFor(mode: Mode, requested: string | undefined): SandboxOutcome | null {
  if (mode !== 'test') return null;
  if (requested === undefined) return DEFAULT_SANDBOX_OUTCOME;
  if (isSandboxOutcome(requested)) return requested;
  throw new AppError(
    'validation_failed',
    `sandbox_outcome must be one of ${Object.keys(SANDBOX_OUTCOMES).join(', ')}.`,
    'sandbox_outcome',
  );
}
