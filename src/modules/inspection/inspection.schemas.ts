import { Type } from 'typebox';
import { CONTRACT_STATUSES, STATUS } from '../contracts/contract-status.js';
import { REJECT_TYPES } from './reject-types.js';

const SideVerdict = Type.Object({
  result: Type.Boolean(),
  msg: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
});

/** The decision is the spec's webhook body (검수결과 webhook); defaults fill what the inspector leaves out. */
export const DecisionBody = Type.Object({
  result: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], {
    description: '0 approve (검수완료), 1 re-inspection (재검수요청), 2 reject (인수거절).',
  }),
  insurance: Type.Optional(
    Type.Object({
      insurance_start: Type.Optional(
        Type.String({ description: 'YYYY-MM-DD; default: tomorrow (Korean time).' }),
      ),
      insurance_end: Type.Optional(
        Type.String({ description: 'YYYY-MM-DD; default: a year after the start, less a day.' }),
      ),
    }),
  ),
  due_datetime: Type.Optional(Type.String({ description: 'Re-inspection deadline; default 48 h from now.' })),
  detail: Type.Optional(Type.Object({ front: SideVerdict, rear: SideVerdict })),
  reject_type: Type.Optional(
    Type.Integer({
      description: `Rejection reason: ${Object.entries(REJECT_TYPES)
        .map(([code, text]) => `${code} ${text}`)
        .join('; ')}.`,
    }),
  ),
  msg: Type.Optional(Type.String({ maxLength: 500 })),
});

export const DecisionParams = Type.Object({ contract_id: Type.String({ maxLength: 64 }) });
export const QueueQuery = Type.Object({
  status: Type.Optional(
    Type.Integer({ minimum: 0, maximum: CONTRACT_STATUSES.length - 1, default: STATUS.inspectionRequested }),
  ),
  affiliate_id: Type.Optional(Type.String({ maxLength: 64 })),
  device: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});
