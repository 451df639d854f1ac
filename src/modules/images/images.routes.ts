import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { callerOf } from '../../core/http/api-key-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import { ACCEPTED_UPLOAD_TYPES, ImageParams, ImageUrl, UploadedImage } from './images.schemas.js';
import { type ImagesService, refuseOversizedUpload } from './images.service.js';

const RAW_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** The upload as a stream: the single file part of a multipart form, or the raw image body. */
async function uploadStream(request: FastifyRequest): Promise<Readable> {
  if (!request.isMultipart()) return request.body as Readable;
  const file = await request.file({ limits: { files: 1, fields: 0, parts: 1 } }).catch((error: Error) => {
    // busboy's own complaints (no boundary, a malformed part) are the sender's to fix.
    throw new AppError('invalid_image', `The multipart form could not be read: ${error.message}.`, 'file');
  });
  if (!file)
    throw new AppError('invalid_image', 'The form has no file; send one image in a file field.', 'file');
  return file.file;
}

export function imagesRoutes(images: ImagesService, maxBytes: number) {
  return async (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    // The image body is handed to the route as a stream: nothing here buffers it.
    app.addContentTypeParser(RAW_IMAGE_TYPES, (_request, payload, done) => done(null, payload));
    await app.register(multipart, {
      limits: { fileSize: maxBytes + 1, files: 1 },
      throwFileSizeLimit: false,
    });

    app.post(
      '/image/',
      {
        config: { accepts: ACCEPTED_UPLOAD_TYPES },
        schema: {
          tags: ['images'],
          summary: '이미지 업로드 — upload an image (JPEG, PNG or WebP)',
          description:
            'multipart/form-data with one file field, or the raw image with Content-Type image/jpeg, image/png or image/webp.',
          security: [{ apiKey: [] }],
          consumes: ACCEPTED_UPLOAD_TYPES,
          response: { 201: Envelope(UploadedImage), ...errorResponses(400, 401, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        refuseOversizedUpload(request.headers['content-length'], maxBytes);
        const uploaded = await images.uploadImage(callerOf(request), await uploadStream(request));
        return reply.code(201).send(envelope(201, uploaded));
      },
    );

    app.get(
      '/image/:image_id/',
      {
        schema: {
          tags: ['images'],
          summary: '이미지 조회 — a fresh 15-second link to one of your images',
          security: [{ apiKey: [] }],
          params: ImageParams,
          response: { 200: Envelope(ImageUrl), ...errorResponses(401, 404, 429) },
        },
      },
      async (request) => {
        return envelope(200, await images.imageUrl(callerOf(request), request.params.image_id));
      },
    );
  };
}
