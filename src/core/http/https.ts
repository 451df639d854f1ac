import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';

const HSTS = 'max-age=31536000; includeSubDomains';
const PROBES = new Set(['/healthz', '/readyz']);

function httpsLocation(host: string | undefined, url: string, httpsPort: number | null): string {
  const hostname = (host ?? 'localhost').replace(/:\d+$/, '');
  const port = httpsPort && httpsPort !== 443 ? `:${httpsPort}` : '';
  return `https://${hostname}${port}${url}`;
}

/**
 * HTTPS only, as the spec says: HSTS on every HTTPS answer, and behind a proxy that terminates TLS a
 * request that arrived over plain HTTP is redirected (308 keeps the method and body of a POST).
 */
export function registerHttpsPolicy(
  app: FastifyInstance,
  options: { redirectForwardedHttp: boolean; mayBeHttps: boolean },
): void {
  // Hooks only where they can act: every request pays for every hook.
  if (options.redirectForwardedHttp) {
    app.addHook('onRequest', (request, reply, done) => {
      // Health checks come from the proxy and the orchestrator over plain HTTP, and must see the app.
      if (request.protocol === 'http' && !PROBES.has(request.url))
        reply.redirect(httpsLocation(request.headers.host, request.url, null), 308);
      else done();
    });
  }
  if (options.mayBeHttps) {
    app.addHook('onRequest', (request, reply, done) => {
      if (request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS);
      done();
    });
  }
}

/** The plain-HTTP listener beside a TLS one: it answers every request with a redirect to HTTPS. */
export function createRedirectServer(httpsPort: number): Server {
  return createServer((request, response) => {
    response.writeHead(308, { Location: httpsLocation(request.headers.host, request.url ?? '/', httpsPort) });
    response.end();
  });
}
