import type { Clock } from '../../core/clock.js';
import { hashApiKey } from '../../core/crypto.js';
import type { Db } from '../../core/db/database.js';
import type { Mode } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import { type AuditActor, auditRepository } from '../audit/audit.repository.js';
import { enableEndpoint } from '../webhooks/endpoint-health.js';
import type { WebhookEndpoints } from '../webhooks/webhook-endpoints.js';
import { type AffiliatesRepository, affiliatesRepository } from './affiliates.repository.js';
import { displayPrefix, generateApiKey } from './api-keys.js';

export interface NewAffiliate {
  affiliate_id: string;
  api_key: string;
  webhook_secret: string;
}

async function issueKey(repository: AffiliatesRepository, affiliateId: string, mode: Mode) {
  const apiKey = generateApiKey(mode);
  const stored = await repository.insertKey({
    affiliate_id: affiliateId,
    mode,
    key_hash: hashApiKey(apiKey),
    prefix: displayPrefix(apiKey),
  });
  return { key_id: stored.id, api_key: apiKey, prefix: stored.prefix, mode };
}

/** Partners, their keys and webhook endpoints: the only place secrets are generated and shown. */
export function affiliatesService(db: Db, endpoints: WebhookEndpoints, clock: Clock) {
  const repository = affiliatesRepository(db);

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
      const { api_key } = await issueKey(repository, affiliate.id, input.mode);
      return { affiliate_id: affiliate.id, api_key, webhook_secret: webhookSecret };
    },

    /** A new key, shown in this answer only; audited in the same transaction. */
    async createKey(affiliateId: string, mode: Mode, actor: AuditActor) {
      if (!(await repository.affiliateExists(affiliateId)))
        throw new AppError('not_found', `No affiliate ${affiliateId}.`);
      return db.transaction().execute(async (trx) => {
        const key = await issueKey(affiliatesRepository(trx), affiliateId, mode);
        const target = `${affiliateId}:${key.prefix}`;
        await auditRepository(trx).record({ actor, action: 'affiliate.key.create', target, at: clock.now() });
        return key;
      });
    },

    /** Revokes the key with that id or displayed prefix (every live match); audited in the same transaction. */
    async revokeKey(keyIdOrPrefix: string, actor: AuditActor) {
      const at = clock.now();
      return db.transaction().execute(async (trx) => {
        const revoked = await affiliatesRepository(trx).revokeKey(keyIdOrPrefix, at);
        if (revoked.length === 0) throw new AppError('not_found', `No live key matches ${keyIdOrPrefix}.`);
        await auditRepository(trx).record({
          actor,
          action: 'affiliate.key.revoke',
          target: keyIdOrPrefix,
          at,
        });
        return revoked;
      });
    },

    /** Re-enables a disabled webhook endpoint and releases its held events; audited. */
    async enableWebhook(affiliateId: string, mode: Mode, actor: AuditActor) {
      if (!(await repository.affiliateExists(affiliateId)))
        throw new AppError('not_found', `No affiliate ${affiliateId}.`);
      return enableEndpoint(db, { affiliateId, mode }, actor, clock.now());
    },

    /** Partners with their keys and webhook URLs (never a key or a secret). */
    async listAffiliates() {
      const [affiliates, urls] = await Promise.all([repository.listAffiliates(), endpoints.listUrls()]);
      return affiliates.map((affiliate) => ({
        ...affiliate,
        webhooks: urls.filter((endpoint) => endpoint.affiliate_id === affiliate.id),
      }));
    },
  };
}

export type AffiliatesService = ReturnType<typeof affiliatesService>;
