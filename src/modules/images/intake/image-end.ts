import { type FileHandle, open } from 'node:fs/promises';
import type { ImageFormat } from './image-format.js';

/**
 * Where the image data ends, and what follows it.
 *
 * Decoders stop at the format's end marker and ignore anything after it, which is how polyglots are
 * made (a JPEG with a ZIP or an HTML page appended). We refuse bytes after the end, with the
 * exceptions phone cameras need:
 * - PNG: nothing may follow the IEND chunk.
 * - WebP: the RIFF length must cover the file exactly.
 * - JPEG: after the primary image's EOI we accept padding (0x00/0xFF), further complete JPEG streams
 *   (MPF secondary images, Ultra HDR gain maps) and a Samsung SEF trailer (Galaxy cameras append one:
 *   capture time, depth map, motion-photo video) whose directory accounts for every byte it spans.
 *   Google's Motion Photo (an MP4 appended after EOI) is refused.
 * This stops appended files, not bytes hidden inside metadata segments; serving images with their
 * own Content-Type and `X-Content-Type-Options: nosniff` covers the rest.
 *
 * Returns a reason for the error message, or null when the file ends where it should.
 */
export async function findEndProblem(
  path: string,
  format: ImageFormat,
  size: number,
): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const file = new FileWindow(handle, size);
    if (format === 'png') return await pngEndProblem(file);
    if (format === 'webp') return await webpEndProblem(file);
    return await jpegEndProblem(file);
  } finally {
    await handle.close();
  }
}

async function pngEndProblem(file: FileWindow): Promise<string | null> {
  let pos = 8; // after the signature
  for (;;) {
    const header = await file.at(pos, 8);
    if (header.length < 8) return 'the PNG is truncated';
    const end = pos + 12 + header.readUInt32BE(0); // length, type, data, CRC
    if (end > file.size) return 'the PNG is truncated';
    if (header.toString('latin1', 4, 8) === 'IEND') {
      return end === file.size ? null : 'data follows the end of the PNG image';
    }
    pos = end;
  }
}

async function webpEndProblem(file: FileWindow): Promise<string | null> {
  const header = await file.at(0, 12);
  const end = 8 + header.readUInt32LE(4);
  if (end > file.size) return 'the WebP is truncated';
  return end === file.size ? null : 'data follows the end of the WebP image';
}

async function jpegEndProblem(file: FileWindow): Promise<string | null> {
  let pos = await jpegStreamEnd(file, 0);
  if (pos === null) return 'the JPEG is truncated or malformed';
  let imagesEnd = pos;
  while (pos < file.size) {
    const bytes = await file.at(pos, 3);
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
      pos = await jpegStreamEnd(file, pos);
      if (pos === null) return 'an image embedded after the JPEG is truncated or malformed';
      imagesEnd = pos;
      continue;
    }
    // Skip the padding in the window we hold. 0xFF is padding unless an SOI starts with it, so two
    // bytes of look-ahead stay unread until the window reaches the end of the file.
    const limit = pos + bytes.length === file.size ? bytes.length : bytes.length - 2;
    let skip = 0;
    while (skip < limit && (bytes[skip] === 0 || (bytes[skip] === 0xff && bytes[skip + 1] !== 0xd8))) skip++;
    if (skip === 0) {
      const samsung = await isSamsungTrailer(file, imagesEnd, pos);
      return samsung ? null : 'data follows the end of the JPEG image';
    }
    pos += skip;
  }
  return null;
}

/** Offset just after the EOI of the JPEG stream that starts at `start`, or null if it never ends. */
async function jpegStreamEnd(file: FileWindow, start: number): Promise<number | null> {
  let pos = start + 2; // after SOI
  for (;;) {
    const marker = await file.at(pos, 4);
    if (marker.length < 2 || marker[0] !== 0xff) return null;
    const code = marker[1] as number;
    if (code === 0xff) {
      pos += 1; // fill byte before a marker
      continue;
    }
    pos += 2;
    if (code === 0xd9) return pos;
    if (code === 0x01 || (code >= 0xd0 && code <= 0xd7)) continue; // markers without a length
    if (code === 0x00 || code === 0xd8 || marker.length < 4) return null;
    const length = marker.readUInt16BE(2); // counts itself, not the marker
    pos += length;
    if (length < 2 || pos > file.size) return null;
    if (code === 0xda) {
      pos = await skipEntropyCodedData(file, pos);
      if (pos < 0) return null;
    }
  }
}

/** After a scan header: the offset of the next marker (0xFF not followed by a stuffed 0x00 or RSTn). */
async function skipEntropyCodedData(file: FileWindow, start: number): Promise<number> {
  let pos = start;
  for (;;) {
    const bytes = await file.at(pos, 2);
    if (bytes.length < 2) return -1;
    const i = bytes.indexOf(0xff);
    if (i === -1) {
      pos += bytes.length;
    } else if (i === bytes.length - 1) {
      pos += i; // read the 0xFF again with the byte after it
    } else {
      const next = bytes[i + 1] as number;
      if (next !== 0x00 && (next < 0xd0 || next > 0xd7)) return pos + i;
      pos += i + 2;
    }
  }
}

/**
 * Samsung's SEF trailer ends with [SEFH directory][uint32 LE directory length]['SEFT']; each 12-byte
 * entry locates a block by its distance back from the directory. The trailer is accepted only if it
 * explains every byte after the images: its earliest block starts after `imagesEnd` and no later than
 * `firstData`, the first byte that is not padding (its blocks themselves begin with zeros).
 */
async function isSamsungTrailer(file: FileWindow, imagesEnd: number, firstData: number): Promise<boolean> {
  if (file.size - imagesEnd < 20) return false;
  const footer = await file.read(file.size - 8, 8);
  if (footer.toString('latin1', 4) !== 'SEFT') return false;
  const dirLength = footer.readUInt32LE(0);
  const dirPos = file.size - 8 - dirLength;
  if (dirLength < 12 || dirLength > 0xffff || dirPos < imagesEnd) return false;
  const dir = await file.read(dirPos, dirLength);
  const count = dir.readUInt32LE(8);
  if (dir.toString('latin1', 0, 4) !== 'SEFH' || 12 + 12 * count > dirLength) return false;
  let earliest = dirPos;
  for (let entry = 12; entry < 12 + 12 * count; entry += 12) {
    const back = dir.readUInt32LE(entry + 4);
    const length = dir.readUInt32LE(entry + 8);
    if (back > dirPos - imagesEnd || length > back) return false;
    earliest = Math.min(earliest, dirPos - back);
  }
  return earliest <= firstData;
}

const WINDOW_BYTES = 64 * 1024;

/** Positional reads through one reused 64 KiB window, so walking a file never loads it whole. */
class FileWindow {
  readonly #handle: FileHandle;
  readonly #memory = Buffer.allocUnsafe(WINDOW_BYTES);
  #start = 0;
  #length = 0;

  constructor(
    handle: FileHandle,
    readonly size: number,
  ) {
    this.#handle = handle;
  }

  /** Bytes from `pos` to the end of the window: at least `min` of them unless the file ends first. */
  async at(pos: number, min: number): Promise<Buffer> {
    if (pos < this.#start || pos + min > this.#start + this.#length) {
      const { bytesRead } = await this.#handle.read(this.#memory, 0, WINDOW_BYTES, pos);
      this.#start = pos;
      this.#length = bytesRead;
    }
    return this.#memory.subarray(pos - this.#start, this.#length);
  }

  /** A separate copy, for the rare reads that may exceed the window. */
  async read(pos: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    await this.#handle.read(buffer, 0, length, pos);
    return buffer;
  }
}
