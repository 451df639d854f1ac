import type { Clock } from '../../core/clock.js';
import { hashApiKey } from '../../core/crypto.js';
import type { Mode } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import type { WebhookEndpoints } from '../webhooks/webhook-endpoints.js';
import type { AffiliatesRepository } from './affiliates.repository.js';
import { displayPrefix, generateApiKey } from './api-keys.js';

export interface NewAffiliate {
  affiliate_id: string;
  api_key: string;
  webhook_secret: string;
}

/** Partners, their keys and webhook endpoints: the only place secrets are generated and shown. */
export function affiliatesService(
  repository: AffiliatesRepository,
  endpoints: WebhookEndpoints,
  clock: Clock,
) {
  async function issueKey(affiliateId: string, mode: Mode) {
    const apiKey = generateApiKey(mode);
    const stored = await repository.insertKey({
      affiliate_id: affiliateId,
      mode,
      key_hash: hashApiKey(apiKey),
      prefix: displayPrefix(apiKey),
    });
    return { key_id: stored.id, api_key: apiKey, prefix: stored.prefix, mode };
  }

  return {
    async createAffiliate(input: {
      name: string;
      mode: Mode;
      webhookUrl: string | null;
    }): Promise<NewAffiliate> {
      const name = input.name.trim();
      if (!name) throw new AppError('validation_failed', 'The affiliate needs a name.', 'name');
      endpoints.checkUrl(input.webhookUrl, input.mode);
      const affiliate = await repository.insertAffiliate(name);
      const webhookSecret = await endpoints.create(affiliate.id, input.mode, input.webhookUrl);
      const { api_key } = await issueKey(affiliate.id, input.mode);
      return { affiliate_id: affiliate.id, api_key, webhook_secret: webhookSecret };
    },

    async createKey(affiliateId: string, mode: Mode) {
      if (!(await repository.affiliateExists(affiliateId)))
        throw new AppError('not_found', `No affiliate ${affiliateId}.`);
      return issueKey(affiliateId, mode);
    },

    async revokeKey(keyIdOrPrefix: string) {
      const revoked = await repository.revokeKey(keyIdOrPrefix, clock.now());
      if (revoked.length === 0) throw new AppError('not_found', `No live key matches ${keyIdOrPrefix}.`);
      return revoked;
    },

    listAffiliates: () => repository.listAffiliates(),
  };
}

export type AffiliatesService = ReturnType<typeof affiliatesService>;
