import { randomBytes } from 'node:crypto';
import type { Platform } from './app.js';

const ADMIN_EMAIL = 'admin@cp-insurance.local';
const FIRST_INSPECTOR =
  'No inspector account exists yet: create the first with `cp-insurance inspector create --email … --password … --role admin`.';

export interface FirstRun {
  affiliateId: string;
  apiKey: string;
  webhookSecret: string;
  password: string;
}

/**
 * The first start in development on an empty database creates a test-mode partner and a console
 * admin, for `firstRunBanner` to show once: the key and the password are stored only as hashes, so
 * this is the only time they can be shown. In production nothing is created.
 */
export async function createFirstRunAccounts(platform: Platform): Promise<FirstRun | null> {
  const [affiliates, inspectors] = await Promise.all([
    platform.affiliates.listAffiliates(),
    platform.inspectors.listInspectors(),
  ]);
  if (platform.config.nodeEnv === 'production') {
    if (inspectors.length === 0) platform.logger.warn(FIRST_INSPECTOR);
    return null;
  }
  if (affiliates.length > 0 || inspectors.length > 0) return null;
  const partner = await platform.affiliates.createAffiliate({
    name: 'Sandbox partner',
    mode: 'test',
    webhookUrl: null,
  });
  const password = randomBytes(12).toString('base64url');
  await platform.inspectors.createInspector(
    { email: ADMIN_EMAIL, password, name: 'Admin', role: 'admin' },
    { kind: 'cli' },
  );
  return {
    affiliateId: partner.affiliate_id,
    apiKey: partner.api_key,
    webhookSecret: partner.webhook_secret,
    password,
  };
}

export function firstRunBanner(
  baseUrl: string,
  { affiliateId, apiKey, webhookSecret, password }: FirstRun,
): string {
  return `
  cp-insurance is running. First start: a test partner and a console admin were created.
  Copy these now; they are not shown again.

    API             ${baseUrl}/cp-insurance/
    API reference   ${baseUrl}/docs
    Partner id      ${affiliateId}
    Test API key    ${apiKey}
    Webhook secret  ${webhookSecret}
    Console         ${baseUrl}/console  (${ADMIN_EMAIL} / ${password})

    curl -H "X-ITECHS-API-KEY: ${apiKey}" ${baseUrl}/cp-insurance/candidate/

`;
}
