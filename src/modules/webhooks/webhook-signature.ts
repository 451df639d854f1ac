import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** Standard Webhooks secret format: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export interface WebhookToSign {
  /** Stays the same on every retry, so the partner can drop duplicates. */
  id: string;
  timestamp: Date;
  body: string;
  /** Each `whsec_` + base64; several while a secret is being rotated. */
  secrets: string[];
}

/** Standard Webhooks 1.0 headers for one delivery attempt. */
export function signWebhook({ id, timestamp, body, secrets }: WebhookToSign): Record<string, string> {
  if (secrets.length === 0) throw new Error('signWebhook needs at least one secret');
  const seconds = Math.floor(timestamp.getTime() / 1000);
  const signedContent = `${id}.${seconds}.${body}`;
  // One signature per secret lets partners verify with either the old or the new one during rotation.
  const signatures = secrets.map(
    (secret) => `v1,${createHmac('sha256', secretKey(secret)).update(signedContent).digest('base64')}`,
  );
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signatures.join(' '),
  };
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('webhook secret decodes to an empty key');
  return key;
}
