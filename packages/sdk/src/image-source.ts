import { readFile } from 'node:fs/promises';

/** What an image can be uploaded from: a file path, bytes, or a Blob (a browser File included). */
export type ImageSource = string | Uint8Array | ArrayBuffer | Blob;

const SIGNATURES: Array<{ type: string; matches: (bytes: Uint8Array) => boolean }> = [
  { type: 'image/jpeg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', matches: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  {
    type: 'image/webp',
    matches: (b) =>
      String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' &&
      String.fromCharCode(...b.subarray(8, 12)) === 'WEBP',
  },
];

/** The bytes and their type, read from the first bytes (the file name may lie; the server checks too). */
export async function imageBody(source: ImageSource): Promise<{ bytes: Uint8Array; type: string }> {
  const bytes =
    typeof source === 'string'
      ? new Uint8Array(await readFile(source))
      : source instanceof Blob
        ? new Uint8Array(await source.arrayBuffer())
        : source instanceof ArrayBuffer
          ? new Uint8Array(source)
          : source;
  const type = SIGNATURES.find((signature) => signature.matches(bytes))?.type;
  if (!type) throw new TypeError('The image must be a JPEG, PNG or WebP file.');
  return { bytes, type };
}
