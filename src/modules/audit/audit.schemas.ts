import { Type } from 'typebox';
import { KstTime, Nullable } from '../../core/http/openapi.js';

/** Wire schemas of the audit log's admin endpoint. */
export const AuditQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

export const AuditList = Type.Object({
  items: Type.Array(
    Type.Object({
      at: KstTime,
      action: Type.String({ description: 'What was done, e.g. "device.update".' }),
      target: Nullable(Type.String()),
      details: Type.Unknown({ description: "The action's own details, as recorded (null for none)." }),
      inspector_email: Nullable(Type.String({ description: 'null for an action at the CLI.' })),
    }),
  ),
});
