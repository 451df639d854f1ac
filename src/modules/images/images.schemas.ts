import { Type } from 'typebox';

export const ACCEPTED_UPLOAD_TYPES = ['multipart/form-data', 'image/jpeg', 'image/png', 'image/webp'];

export const UploadedImage = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Use this id in step-1 and step-2.' }),
  url: Type.String({ description: 'Signed link to the image, valid for 15 seconds.' }),
});

export const ImageUrl = Type.Object({
  url: Type.String({ description: 'Signed link to the image, valid for 15 seconds.' }),
});

export const ImageParams = Type.Object({ image_id: Type.String({ maxLength: 64 }) });

export const SignedFileParams = Type.Object({ key: Type.String({ maxLength: 200 }) });
export const SignedFileQuery = Type.Object({
  expires: Type.String({ maxLength: 20 }),
  sig: Type.String({ maxLength: 100 }),
});
