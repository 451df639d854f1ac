/** Hand-built image bytes that sharp cannot produce: foreign headers, bombs, phone trailers. */
import { crc32, deflateSync } from 'node:zlib';

/** The start of an iPhone/Galaxy HEIC photo: an ISO-BMFF 'ftyp' box with the heic brand. */
export const heicHeader = (): Buffer =>
  Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
    Buffer.alloc(4000, 7),
  ]);

/** A well-formed PNG whose header claims width × height RGB pixels, with only 100 rows of data. */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc((width * 3 + 1) * 100))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One PNG chunk: length, type, data and the CRC over type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Samsung's SEF trailer: a data block, an 'SEFH' directory pointing back at it, its length, 'SEFT'. */
export function samsungTrailer(name: string, value: Buffer): Buffer {
  const block = Buffer.alloc(8);
  block.writeUInt16LE(0x0a01, 2);
  block.writeUInt32LE(name.length, 4);
  const data = Buffer.concat([block, Buffer.from(name, 'latin1'), value]);
  const dir = Buffer.alloc(24);
  dir.write('SEFH', 0, 'latin1');
  dir.writeUInt32LE(107, 4);
  dir.writeUInt32LE(1, 8);
  dir.writeUInt16LE(0x0a01, 14);
  dir.writeUInt32LE(data.length, 16); // distance back from the directory
  dir.writeUInt32LE(data.length, 20);
  const footer = Buffer.alloc(8);
  footer.writeUInt32LE(dir.length, 0);
  footer.write('SEFT', 4, 'latin1');
  return Buffer.concat([data, dir, footer]);
}
