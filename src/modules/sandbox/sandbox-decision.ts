import type { Static } from 'typebox';
import type { SandboxOutcome } from '../contracts/sandbox-outcome.js';
import type { DecisionBody } from '../inspection/inspection.schemas.js';

const SANDBOX_MSG = '[sandbox] 테스트 계약의 자동 검수 결과입니다.';

/** The decision the sandbox takes on inspection round `round` (1 for the first photos). */
export function sandboxDecision(outcome: SandboxOutcome, round: number): Static<typeof DecisionBody> | null {
  if (outcome === 'manual') return null;
  if (outcome === 'reject') return { result: 2, reject_type: 9, msg: SANDBOX_MSG };
  if (outcome === 'reinspect' && round === 1) {
    return {
      result: 1,
      detail: {
        front: { result: false, msg: '[sandbox] 화면의 QR 코드가 보이도록 다시 촬영해 주세요.' },
        rear: { result: true, msg: null },
      },
      msg: SANDBOX_MSG,
    };
  }
  return { result: 0 };
}
