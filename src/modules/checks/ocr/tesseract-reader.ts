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
 * Where the line passes were unsure of a serial character, one legacy-engine worker shared by the
 * pool reads the line too and breaks the tie (serial-tie-break.ts). It starts on first need and holds
 * ~135 MB; a read costs it ~13 ms.
 */
import { mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
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
import { choicesFromHocr, isUnsure, type LinePass, tieBreakSerial } from './serial-tie-break.js';

export interface TesseractReaderOptions {
  /** Pool slots, i.e. screenshots read at once. Default: os.availableParallelism(). */
  workers?: number;
  /** Start every slot, and the tie-break worker, now rather than on first use. */
  eager?: boolean;
  /** Told when the tie-break engine cannot read; the LSTM serial then stands, unbroken. */
  onTieBreakError?: (error: unknown) => void;
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

type LegacyReading = (crop: Buffer) => Promise<string | null>;

interface PageLine {
  text: string;
  bbox: Box;
  words: { text: string; bbox: Box }[];
}

/**
 * tesseract.js reads `<lang>.traineddata.gz` from one folder: the npm packages' LSTM models are
 * linked into `cacheDir`, the English model that also holds the legacy engine into `cacheDir/legacy`.
 */
function linkLanguageData(cacheDir: string): { lstm: string; legacy: string } {
  const require = createRequire(import.meta.url);
  const legacy = join(cacheDir, 'legacy');
  const links = [
    ...LANGUAGES.map((lang) => ({ lang, model: '4.0.0_best_int', folder: cacheDir })),
    { lang: 'eng', model: '4.0.0', folder: legacy },
  ];
  for (const { lang, model, folder } of links) {
    mkdirSync(folder, { recursive: true });
    const pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    const source = join(pkg, model, `${lang}.traineddata.gz`);
    const target = join(folder, `${lang}.traineddata.gz`);
    if (linkTarget(target) === source) continue;
    rmSync(target, { force: true });
    try {
      symlinkSync(source, target);
    } catch (error) {
      // Another reader (or process) sharing the folder may have linked it in the meantime.
      if (linkTarget(target) !== source) throw error;
    }
  }
  return { lstm: cacheDir, legacy };
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
  const langPaths = linkLanguageData(options.cacheDir);
  const slots: Promise<Slot>[] = [];
  const idle: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  let legacy: Promise<Worker> | null = null;

  const start = (langs: string, legacyEngine = false) =>
    createWorker(langs, legacyEngine ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY, {
      langPath: legacyEngine ? langPaths.legacy : langPaths.lstm,
      gzip: true,
      cacheMethod: 'none',
      ...(legacyEngine ? { legacyCore: true, legacyLang: true } : {}),
      // Without a handler tesseract.js rethrows worker errors from a message listener, which
      // kills the process; with it, the failing call's promise rejects instead.
      errorHandler: () => {},
    });

  /** The shared legacy worker, started on first need; its parameters never change, so reads just queue. */
  function legacyWorker(): Promise<Worker> {
    if (legacy) return legacy;
    const starting = start('eng', true).then(async (worker) => {
      await setUpOrTerminate([worker], () =>
        worker.setParameters({
          tessedit_pageseg_mode: PSM.SINGLE_LINE,
          tessedit_char_whitelist: SERIAL_CHARS,
        }),
      );
      return worker;
    });
    legacy = starting;
    // A worker that failed to start is forgotten so a later read can try again.
    starting.catch(() => {
      if (legacy === starting) legacy = null;
    });
    return starting;
  }

  /** The legacy engine's reading of a line crop; null when it cannot read. */
  async function legacyReading(crop: Buffer): Promise<string | null> {
    try {
      const { data } = await (await legacyWorker()).recognize(crop);
      return data.text;
    } catch (error) {
      options.onTieBreakError?.(error);
      return null;
    }
  }

  function startSlot(): Promise<Slot> {
    const slot = Promise.allSettled([start(LANGUAGES.join('+')), start('eng')]).then(async ([page, line]) => {
      if (page.status === 'rejected' || line.status === 'rejected') {
        // Do not leave the half that started running.
        await Promise.all([page, line].map((w) => (w.status === 'fulfilled' ? w.value.terminate() : null)));
        throw page.status === 'rejected' ? page.reason : (line as PromiseRejectedResult).reason;
      }
      // lstm_choice_mode 2: hOCR lists each character's candidates, which the serial tie-break needs.
      await setUpOrTerminate([page.value, line.value], () =>
        line.value.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE, lstm_choice_mode: '2' }),
      );
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

  if (options.eager) {
    for (let i = 0; i < size; i++) startSlot().then(release, () => {});
    legacyWorker().catch(() => {});
  }

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
      const texts = await rereadValues(slot.line, legacyReading, grey, lines);
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
      const shared = legacy ? await Promise.allSettled([legacy]) : [];
      await Promise.all([
        ...started.flatMap((s) =>
          s.status === 'fulfilled' ? [s.value.page.terminate(), s.value.line.terminate()] : [],
        ),
        ...shared.flatMap((s) => (s.status === 'fulfilled' ? [s.value.terminate()] : [])),
      ]);
    },
  };
}

/** The page lines' texts, with the serial value and any misread-looking IMEI replaced by a line-pass reading. */
async function rereadValues(
  worker: Worker,
  legacyReading: LegacyReading,
  grey: GreyImage,
  lines: PageLine[],
): Promise<string[]> {
  const texts = lines.map((l) => l.text);
  const serialAt = locateValue(texts, 'serial');
  if (serialAt) {
    const target = valuePart(lines[serialAt.line] as PageLine, serialAt.besideLabel);
    if (target) {
      const serial = await readSerial(worker, legacyReading, grey, target);
      if (serial) texts[serialAt.line] = `${target.prefix} ${serial}`.trim();
    }
  }
  for (let i = 0; i < lines.length; i++) {
    if (!looksLikeMisreadImei(texts[i] as string)) continue;
    const target = valuePart(lines[i] as PageLine, true) ?? valuePart(lines[i] as PageLine, false);
    if (!target) continue;
    const reread = await readLine(worker, await lineCrop(grey, target.box), IMEI_CHARS, false);
    if (imeisInLine(reread.text).length > 0) texts[i] = `${target.prefix} ${reread.text}`.trim();
  }
  return texts;
}

/** The serial from the page pass and two line passes (bold, plain), with the legacy tie-break where unsure. */
async function readSerial(
  worker: Worker,
  legacyReading: LegacyReading,
  grey: GreyImage,
  target: { box: Box; value: string },
): Promise<string | null> {
  const plainCrop = await lineCrop(grey, target.box);
  const passes: LinePass[] = [];
  for (const crop of [await lineCrop(grey, target.box, true), plainCrop]) {
    const { text, choices } = await readLine(worker, crop, SERIAL_CHARS, true);
    const normalised = normaliseSerial(text);
    if (normalised) passes.push({ text: normalised, choices });
  }
  const serial = mergeSerialReadings(normaliseSerial(target.value), ...passes.map((p) => p.text));
  if (!serial || !isUnsure(serial, passes)) return serial;
  const legacy = await legacyReading(plainCrop);
  return tieBreakSerial(serial, passes, legacy === null ? null : normaliseSerial(legacy));
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

/** One line crop read by the slot's line worker: its text and, when asked, each character's candidates. */
async function readLine(
  worker: Worker,
  crop: Buffer,
  whitelist: string,
  withChoices: boolean,
): Promise<LinePass> {
  await worker.setParameters({ tessedit_char_whitelist: whitelist });
  const { data } = await worker.recognize(crop, {}, { text: true, hocr: withChoices });
  return { text: data.text.trim(), choices: withChoices ? choicesFromHocr(data.hocr ?? '') : [] };
}

/** Runs `setUp` on started workers; if it fails, they are terminated rather than left running unreachable. */
async function setUpOrTerminate(workers: Worker[], setUp: () => Promise<unknown>): Promise<void> {
  try {
    await setUp();
  } catch (error) {
    await Promise.allSettled(workers.map((worker) => worker.terminate()));
    throw error;
  }
}
