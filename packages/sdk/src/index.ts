export {
  type BodyOf,
  CpInsurance,
  type CpInsuranceOptions,
  type RequestOptions,
  type ResultOf,
} from './client.js';
export { CpInsuranceError } from './errors.js';
export type { components, paths, webhooks } from './generated/partner-api.js';
export type { ImageSource } from './image-source.js';
export type { RetryPolicy } from './retrying-fetch.js';
export {
  type InspectionWebhook,
  verifyWebhook,
  type WebhookAnswer,
  type WebhookHeaders,
  WebhookVerificationError,
} from './webhooks.js';
