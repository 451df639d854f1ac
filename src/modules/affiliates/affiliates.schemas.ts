import { Type } from 'typebox';
import { IsoTime, ModeSchema, Nullable } from '../../core/http/openapi.js';

/** Wire schemas of the partners' admin endpoints. Times here are ISO 8601 (UTC). */
const uuid = Type.String({ format: 'uuid' });

/** An affiliate's id, or a key's id or displayed prefix. */
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const NewKeyBody = Type.Object({ mode: ModeSchema });

/** A key as listings show it: its prefix and use, never the key or its hash. */
const ApiKey = Type.Object({
  id: uuid,
  affiliate_id: uuid,
  mode: ModeSchema,
  prefix: Type.String(),
  created_at: IsoTime,
  revoked_at: Nullable(IsoTime),
  last_used_at: Nullable(IsoTime),
});

export const AffiliateList = Type.Array(
  Type.Object({
    id: uuid,
    name: Type.String(),
    created_at: IsoTime,
    keys: Type.Array(ApiKey),
    webhooks: Type.Array(
      Type.Object({
        affiliate_id: uuid,
        mode: ModeSchema,
        url: Nullable(Type.String()),
        failing_since: Type.Union([IsoTime, Type.Null()], {
          description: 'The first failed attempt since the endpoint last answered; null while it answers.',
        }),
        disabled_at: Type.Union([IsoTime, Type.Null()], {
          description: 'Set when every attempt failed for WEBHOOK_DISABLE_AFTER_HOURS: its events are held.',
        }),
        disabled_reason: Nullable(Type.String()),
      }),
    ),
  }),
);

export const NewKey = Type.Object({
  key_id: uuid,
  api_key: Type.String({ description: 'The key itself: shown in this answer only.' }),
  prefix: Type.String(),
  mode: ModeSchema,
});

export const RevokedKeys = Type.Array(
  Type.Object({ id: uuid, prefix: Type.String(), affiliate_id: uuid, mode: ModeSchema }),
  { description: 'Every live key the id or prefix matched, now revoked.' },
);

/** POST /affiliates/:id/webhooks/:mode/enable. */
export const EndpointParams = Type.Object({ id: Type.String({ maxLength: 64 }), mode: ModeSchema });
export const EnabledEndpoint = Type.Object({
  affiliate_id: uuid,
  mode: ModeSchema,
  url: Nullable(Type.String()),
  released: Type.Integer({ description: 'Held events made due now.' }),
});
