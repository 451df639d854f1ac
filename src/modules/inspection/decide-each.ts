import type { Static } from 'typebox';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { type Decider, decideInspection } from './decide-inspection.js';
import type { DecisionBody } from './inspection.schemas.js';

/**
 * Decides each contract in turn, for a machine decider (the scheduler, the sandbox). A contract
 * another worker decided first is a harmless 409 and is skipped; one that fails otherwise does not
 * hold up the rest, and its error is thrown once all have been tried. Answers how many it decided.
 */
export async function decideEach(
  deps: { db: Db; clock: Clock },
  decisions: Array<{ id: string; body: Static<typeof DecisionBody> }>,
  decider: Decider,
): Promise<number> {
  let decided = 0;
  let failure: unknown = null;
  for (const { id, body } of decisions) {
    try {
      await decideInspection(deps, id, body, decider);
      decided++;
    } catch (error) {
      const lostRace =
        error instanceof AppError && (error.code === 'conflict' || error.code === 'invalid_status');
      if (!lostRace) failure ??= error;
    }
  }
  if (failure) throw failure;
  return decided;
}
