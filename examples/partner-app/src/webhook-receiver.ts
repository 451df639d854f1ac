import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { type CpInsurance, type InspectionWebhook, WebhookVerificationError } from '@cp-insurance/sdk';

export type WebhookListener = (webhook: InspectionWebhook) => void;

/** Where the app sends its customer next: the spec's acknowledgement links. */
function acknowledgement(webhook: InspectionWebhook, appUrl: string) {
  if (webhook.result === 0)
    return { result: true, contract_url: `${appUrl}/contracts/${webhook.affiliate_cid}` };
  if (webhook.result === 1)
    return { result: true, reinspection_url: `${appUrl}/reinspect/${webhook.affiliate_cid}` };
  return { result: true };
}

/**
 * The partner's webhook endpoint: verifies each delivery with the SDK (the raw body, as received),
 * hands it to the listener and answers with the link the spec asks for. A bad signature is 400,
 * which the platform counts as not acknowledged and retries.
 */
export async function startWebhookReceiver(sdk: CpInsurance, port: number, onWebhook: WebhookListener) {
  const server = createServer(async (request, response) => {
    const raw = await buffer(request);
    try {
      const webhook = sdk.webhooks.verify(raw, request.headers);
      onWebhook(webhook);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(acknowledgement(webhook, appUrl)));
    } catch (error) {
      const status = error instanceof WebhookVerificationError ? 400 : 500;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ result: false, error: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${appUrl}/webhooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
