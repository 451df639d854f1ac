import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const CONSOLE_DIST = new URL('../../../console/dist/', import.meta.url);

/**
 * The inspectors' single-page app, built by `npm run build` into console/dist, served at /console
 * with every unknown path answered by index.html (client-side routes). Its CSP allows no inline
 * scripts; images may also come from the storage's origin (S3 presigned links).
 */
export async function registerConsole(
  app: FastifyInstance,
  options: { imageOrigins: string[] },
): Promise<void> {
  const root = CONSOLE_DIST.pathname;
  if (!existsSync(`${root}index.html`)) return;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${options.imageOrigins.join(' ')}`.trim(),
    "connect-src 'self'",
    "font-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('Content-Security-Policy', csp);
      reply.header('Referrer-Policy', 'no-referrer');
    });
    await scope.register(fastifyStatic, { root, prefix: '/console/', index: 'index.html', wildcard: false });
    scope.get('/console/*', (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
  });
}
