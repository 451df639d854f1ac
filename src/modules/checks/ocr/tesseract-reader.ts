/**
 * ScreenshotReader on tesseract.js: a pool of worker threads (OCR never runs on the event loop), with
 * language data linked from the @tesseract.js-data npm packages, never downloaded.
 *
 * Two passes per screenshot, both in the same pool slot:
 * 1. the page, Korean + English, for the labels, the layout and most values;
 * 2. value lines re-read alone by an English-only worker in single-line mode with a character
 *    whitelist: the serial number, and any line that looks like a misread IMEI. On the fixture set the
 *    Korean model turns Latin serials into Hangul or digits (`RF5RE…` → `만506…`) on ~1 screenshot in 5;
 *    the line pass fixes most of those for ~25 ms a line.
 */
import { mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, PSM, type Worker } from 'tesseract.js';
import {
  imeisInLine,
  locateValue,
  looksLikeMisreadImei,
  mergeSerialReadings,
  normaliseSerial,
  parseAboutPhone,
} from './about-phone-parser.js';
import type { ScreenshotReader, ScreenshotReading } from './ocr.port.js';
import { type Box, type GreyImage, lineCrop, pagePng, toGrey } from './preprocess.js';

export interface TesseractReaderOptions {
  /** Pool slots, i.e. screenshots read at once. Default: os.availableParallelism(). */
  workers?: number;
  /** Start every slot now rather than on first use. */
  eager?: boolean;
  /** Folder where the traineddata files are linked from node_modules (created if missing). */
  cacheDir: string;
}

const LANGUAGES = ['kor', 'eng'] as const;
// No I or O: serial alphabets leave them out, and allowing them only adds wrong guesses.
const SERIAL_CHARS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const IMEI_CHARS = '0123456789 ';

interface Slot {
  page: Worker;
  line: Worker;
}

interface PageLine {
  text: string;
  bbox: Box;
  words: { text: string; bbox: Box }[];
}

/** tesseract.js reads `<lang>.traineddata.gz` from one folder: link both npm packages' files into it. */
export function linkLanguageData(cacheDir: string): string {
  const require = createRequire(import.meta.url);
  mkdirSync(cacheDir, { recursive: true });
  for (const lang of LANGUAGES) {
    const pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    const source = join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`);
    const target = join(cacheDir, `${lang}.traineddata.gz`);
    if (linkTarget(target) === source) continue;
    rmSync(target, { force: true });
    try {
      symlinkSync(source, target);
    } catch (error) {
      // Another reader (or process) sharing the folder may have linked it in the meantime.
      if (linkTarget(target) !== source) throw error;
    }
  }
  return cacheDir;
}

function linkTarget(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

export function createTesseractReader(options: TesseractReaderOptions): ScreenshotReader {
  const size = Math.max(1, options.workers ?? availableParallelism());
  const langPath = linkLanguageData(options.cacheDir);
  const slots: Promise<Slot>[] = [];
  const idle: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  const start = (langs: string) =>
    createWorker(langs, 1, {
      langPath,
      gzip: true,
      cacheMethod: 'none',
      // Without a handler tesseract.js rethrows worker errors from a message listener, which
      // kills the process; with it, the failing call's promise rejects instead.
      errorHandler: () => {},
    });

  function startSlot(): Promise<Slot> {
    const slot = Promise.allSettled([start(LANGUAGES.join('+')), start('eng')]).then(async ([page, line]) => {
      if (page.status === 'rejected' || line.status === 'rejected') {
        // Do not leave the half that started running.
        await Promise.all([page, line].map((w) => (w.status === 'fulfilled' ? w.value.terminate() : null)));
        throw page.status === 'rejected' ? page.reason : (line as PromiseRejectedResult).reason;
      }
      await line.value.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
      return { page: page.value, line: line.value };
    });
    slots.push(slot);
    // A slot that failed to start is dropped so a later read can try again.
    slot.catch(() => slots.splice(slots.indexOf(slot), 1));
    return slot;
  }

  function acquire(): Promise<Slot> {
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (slots.length < size) return startSlot();
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(slot: Slot): void {
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  }

  if (options.eager) for (let i = 0; i < size; i++) startSlot().then(release, () => {});

  async function read(image: Buffer): Promise<ScreenshotReading> {
    const grey = await toGrey(image);
    const png = await pagePng(grey);
    const slot = await acquire();
    try {
      const { data } = await slot.page.recognize(png, {}, { text: true, blocks: true });
      const lines: PageLine[] = (data.blocks ?? []).flatMap((b) =>
        b.paragraphs.flatMap((p) =>
          p.lines
            .map((l) => ({ text: l.text.trim(), bbox: l.bbox, words: l.words }))
            .filter((l) => l.text.length > 0),
        ),
      );
      const texts = await rereadValues(slot.line, grey, lines);
      const fields = parseAboutPhone(texts);
      return {
        ...fields,
        imei: fields.imeis[0] ?? null,
        confidence: Math.max(0, Math.min(1, data.confidence / 100)),
        text: data.text,
      };
    } finally {
      release(slot);
    }
  }

  return {
    read(image) {
      if (closed) return Promise.reject(new Error('The OCR reader is closed.'));
      const job = read(image);
      inFlight.add(job);
      const done = () => inFlight.delete(job);
      job.then(done, done);
      return job;
    },
    /** Lets the reads under way finish, then terminates every worker thread. */
    async close() {
      closed = true;
      await Promise.allSettled(inFlight);
      const started = await Promise.allSettled(slots);
      await Promise.all(
        started.flatMap((s) =>
          s.status === 'fulfilled' ? [s.value.page.terminate(), s.value.line.terminate()] : [],
        ),
      );
    },
  };
}

/** The page lines' texts, with the serial value and any misread-looking IMEI replaced by a line-pass reading. */
async function rereadValues(worker: Worker, grey: GreyImage, lines: PageLine[]): Promise<string[]> {
  const texts = lines.map((l) => l.text);
  const serialAt = locateValue(texts, 'serial');
  if (serialAt) {
    const target = valuePart(lines[serialAt.line] as PageLine, serialAt.besideLabel);
    if (target) {
      const bold = normaliseSerial(await readLine(worker, grey, target.box, SERIAL_CHARS, true));
      const plain = normaliseSerial(await readLine(worker, grey, target.box, SERIAL_CHARS));
      const serial = mergeSerialReadings(normaliseSerial(target.value), bold, plain);
      if (serial) texts[serialAt.line] = `${target.prefix} ${serial}`.trim();
    }
  }
  for (let i = 0; i < lines.length; i++) {
    if (!looksLikeMisreadImei(texts[i] as string)) continue;
    const target = valuePart(lines[i] as PageLine, true) ?? valuePart(lines[i] as PageLine, false);
    if (!target) continue;
    const reread = await readLine(worker, grey, target.box, IMEI_CHARS);
    if (imeisInLine(reread).length > 0) texts[i] = `${target.prefix} ${reread}`.trim();
  }
  return texts;
}

/**
 * The box of a line's value and the text before it. Beside a label, the value is what follows the
 * widest gap between words (iOS right-aligns values), provided that gap is wider than the text is tall.
 */
function valuePart(line: PageLine, besideLabel: boolean): { box: Box; prefix: string; value: string } | null {
  if (!besideLabel) return { box: line.bbox, prefix: '', value: line.text };
  const { words } = line;
  let at = -1;
  let widest = 0;
  for (let k = 1; k < words.length; k++) {
    const gap =
      (words[k] as PageLine['words'][number]).bbox.x0 - (words[k - 1] as PageLine['words'][number]).bbox.x1;
    if (gap > widest) [widest, at] = [gap, k];
  }
  if (at < 0 || widest < line.bbox.y1 - line.bbox.y0) return null;
  const value = words.slice(at);
  const box = value.reduce(
    (b, w) => ({
      x0: Math.min(b.x0, w.bbox.x0),
      y0: Math.min(b.y0, w.bbox.y0),
      x1: Math.max(b.x1, w.bbox.x1),
      y1: Math.max(b.y1, w.bbox.y1),
    }),
    { x0: Number.POSITIVE_INFINITY, y0: Number.POSITIVE_INFINITY, x1: 0, y1: 0 },
  );
  const text = (ws: typeof words) => ws.map((w) => w.text).join(' ');
  return { box, prefix: text(words.slice(0, at)), value: text(value) };
}

async function readLine(
  worker: Worker,
  grey: GreyImage,
  box: Box,
  whitelist: string,
  bold = false,
): Promise<string> {
  await worker.setParameters({ tessedit_char_whitelist: whitelist });
  const { data } = await worker.recognize(await lineCrop(grey, box, bold));
  return data.text.trim();
}
