import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Mode } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import { generateWebhookSecret } from './webhook-signature.js';
import { checkWebhookUrl } from './webhook-url-policy.js';
import { webhooksRepository } from './webhooks.repository.js';

/** After a rotation the old secret still signs (beside the new one) for a day, so partners can switch over. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;

const URL_PROBLEMS: Record<string, string> = {
  invalid_url: 'is not a URL',
  unsupported_scheme: 'must use https (or http in test mode)',
  credentials_in_url: 'must not contain a user name or password',
  https_required: 'must use https in live mode',
  forbidden_address: 'must not point to a private, loopback or link-local address',
};

/** One endpoint URL and signing secret per affiliate and mode. */
export function webhookEndpoints(db: Db, clock: Clock, allowPrivate: boolean) {
  const repository = webhooksRepository(db);
  const checkUrl = (url: string | null, mode: Mode) => {
    if (url === null) return;
    const check = checkWebhookUrl(url, { mode, allowPrivate });
    if (!check.ok)
      throw new AppError(
        'validation_failed',
        `The webhook URL ${URL_PROBLEMS[check.reason] ?? 'is not allowed'}.`,
        'webhook_url',
      );
  };

  return {
    checkUrl,

    /** Creates the endpoint with a fresh secret, which is returned here and never shown again. */
    async create(affiliateId: string, mode: Mode, url: string | null): Promise<string> {
      checkUrl(url, mode);
      const secret = generateWebhookSecret();
      await repository.insertEndpoint({ affiliate_id: affiliateId, mode, url, secret });
      return secret;
    },

    async setUrl(affiliateId: string, mode: Mode, url: string) {
      checkUrl(url, mode);
      const secret = generateWebhookSecret();
      const row = await repository.upsertUrl({ affiliate_id: affiliateId, mode, url, secret }, clock.now());
      return { url: row.url, ...(row.secret === secret ? { webhook_secret: secret } : {}) };
    },

    async rotateSecret(affiliateId: string, mode: Mode) {
      const now = clock.now();
      const secret = generateWebhookSecret();
      const overlapUntil = new Date(now.getTime() + ROTATION_OVERLAP_MS);
      const rotated = await repository.rotateSecret(affiliateId, mode, secret, now, overlapUntil);
      if (!rotated)
        throw new AppError('not_found', `Affiliate ${affiliateId} has no ${mode} webhook endpoint.`);
      return { webhook_secret: secret, previous_secret_valid_until: rotated.previous_secret_expires_at };
    },

    /** Where to deliver and the secrets to sign with (two during a rotation's overlap). */
    async forDelivery(affiliateId: string, mode: Mode) {
      const row = await repository.findEndpoint(affiliateId, mode);
      if (!row) return null;
      const overlapping =
        row.previous_secret &&
        row.previous_secret_expires_at &&
        new Date(row.previous_secret_expires_at) > clock.now();
      return {
        url: row.url,
        disabled: row.disabled_at !== null,
        secrets: overlapping && row.previous_secret ? [row.secret, row.previous_secret] : [row.secret],
      };
    },

    async urlOf(affiliateId: string, mode: Mode) {
      return (await repository.findEndpoint(affiliateId, mode))?.url ?? null;
    },

    /** Every endpoint's URL and health, never a secret. */
    listUrls: () => repository.listUrls(),
  };
}

export type WebhookEndpoints = ReturnType<typeof webhookEndpoints>;
