import { Type } from 'typebox';
import { JsonObject, KstTimeOrNull, Nullable, NullableText, Stored } from '../../core/http/openapi.js';

/** Wire schemas of what operators see of the two outboxes: webhook deliveries and alimtalk messages. */
const DeliveryStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('delivered'),
  Type.Literal('partner_error'),
  Type.Literal('dead'),
  Type.Literal('cancelled'),
]);
const NotificationStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

export const DeliveryQuery = Type.Object({
  status: Type.Optional(Type.Union([...DeliveryStatusSchema.anyOf, Type.Literal('failed')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const DeliveryParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const deliveryFields = {
  id: Type.String(),
  type: Type.String({ description: 'The webhook type, e.g. "inspection.completed".' }),
  status: DeliveryStatusSchema,
};
const deliveryOutcome = { last_error: NullableText, outcome: NullableText };

/** GET /deliveries: one row per webhook, attempts counted. */
export const DeliveryList = Type.Object({
  items: Type.Array(
    Type.Object({
      ...deliveryFields,
      contract_id: Type.String({ format: 'uuid' }),
      attempts: Type.Integer(),
      ...deliveryOutcome,
      created_at: KstTimeOrNull,
      finished_at: KstTimeOrNull,
      next_attempt_at: KstTimeOrNull,
    }),
  ),
});

/** A contract's webhook with every attempt and the body that was signed. */
export const ContractDelivery = Type.Object({
  ...deliveryFields,
  attempts: Type.Array(
    Type.Object({
      attempt: Type.Integer(),
      at: KstTimeOrNull,
      http_status: Nullable(Type.Integer()),
      latency_ms: Nullable(Type.Integer()),
      error: NullableText,
      response_excerpt: NullableText,
    }),
  ),
  next_attempt_at: KstTimeOrNull,
  ...deliveryOutcome,
  body: JsonObject,
  created_at: KstTimeOrNull,
});

/** The alimtalk message as it was rendered when queued: what the customer reads. */
const RenderedMessage = Type.Object({
  kind: Type.String(),
  templateCode: Type.String(),
  title: Type.String(),
  text: Type.String(),
  buttons: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.String(),
      url_mobile: Type.String(),
      url_pc: Type.String(),
    }),
  ),
});

const notificationFields = {
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  status: NotificationStatusSchema,
  attempts: Type.Integer(),
};
const notificationOutcome = {
  rendered: Stored(RenderedMessage),
  last_error: NullableText,
  created_at: KstTimeOrNull,
  sent_at: KstTimeOrNull,
};

/** GET /notifications. */
export const NotificationList = Type.Object({
  items: Type.Array(
    Type.Object({
      ...notificationFields,
      contract_id: Type.String({ format: 'uuid' }),
      ...notificationOutcome,
    }),
  ),
});

/** A contract's alimtalk message with every attempt. */
export const ContractNotification = Type.Object({
  ...notificationFields,
  attempt_log: Type.Array(
    Type.Object({
      attempt: Type.Integer(),
      at: KstTimeOrNull,
      outcome: Type.Union([Type.Literal('sent'), Type.Literal('failed')]),
      latency_ms: Type.Integer(),
      error: NullableText,
    }),
  ),
  ...notificationOutcome,
});

/** POST /deliveries/:id/resend: the delivery, pending again and due now. */
export const ResentDelivery = Type.Object({ id: Type.String(), status: DeliveryStatusSchema });
