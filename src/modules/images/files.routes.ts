import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.js';
import type { App } from '../../core/http/server.js';
import { SignedFileParams, SignedFileQuery } from './images.schemas.js';
import type { ImagesService } from './images.service.js';
import { verifyLocalSignature } from './storage/local-storage.js';

/** The bytes behind the signed links of the local store: no API key, the signature is the credential. */
export function signedFileRoutes(images: ImagesService, signingKey: Buffer, now: () => Date) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/files/images/:key',
      { schema: { hide: true, params: SignedFileParams, querystring: SignedFileQuery } },
      async (request, reply) => {
        const { key } = request.params;
        const check = verifyLocalSignature({ key, ...request.query, now: now(), signingKey });
        if (check === 'expired')
          throw new AppError('signature_expired', 'This image link has expired; ask for a new one.');
        if (check !== 'ok') throw new AppError('signature_invalid', 'This image link is not valid.');
        const file = await images.openStoredImage(key);
        return reply
          .type(file.mime)
          .header('content-length', file.bytes)
          .header('cache-control', 'private, max-age=15')
          .header('x-content-type-options', 'nosniff')
          .send(file.body);
      },
    );
  };
}
