import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';

const HSTS = 'max-age=31536000; includeSubDomains';

function httpsLocation(host: string | undefined, url: string, httpsPort: number | null): string {
  const hostname = (host ?? 'localhost').replace(/:\d+$/, '');
  const port = httpsPort && httpsPort !== 443 ? `:${httpsPort}` : '';
  return `https://${hostname}${port}${url}`;
}

/**
 * HTTPS only, as the spec says: HSTS on every HTTPS answer, and behind a proxy that terminates TLS a
 * request that arrived over plain HTTP is redirected (308 keeps the method and body of a POST).
 */
export function registerHttpsPolicy(app: FastifyInstance, options: { redirectForwardedHttp: boolean }): void {
  app.addHook('onRequest', async (request, reply) => {
    if (options.redirectForwardedHttp && request.protocol === 'http') {
      return reply.redirect(httpsLocation(request.headers.host, request.url, null), 308);
    }
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS);
  });
}

/** The plain-HTTP listener beside a TLS one: it answers every request with a redirect to HTTPS. */
export function createRedirectServer(httpsPort: number): Server {
  return createServer((request, response) => {
    response.writeHead(308, { Location: httpsLocation(request.headers.host, request.url ?? '/', httpsPort) });
    response.end();
  });
}
