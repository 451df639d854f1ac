import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { createWorker, type Worker } from 'tesseract.js';
import { parseAboutPhone } from './about-phone-parser.js';
import type { ScreenshotReader, ScreenshotReading } from './ocr.port.js';

export interface TesseractReaderOptions {
  /** How many recognitions run at once, each in a worker thread of its own. */
  workers: number;
  /** Start every worker now rather than with the first screenshot. */
  eager: boolean;
  /** Where the language data is linked from node_modules (nothing is ever downloaded). */
  cacheDir: string;
}

const LANGUAGES = ['kor', 'eng'] as const;

/** tesseract.js reads `<lang>.traineddata.gz` from one folder: link the two npm data packages' files into it. */
function languageFolder(cacheDir: string): string {
  const require = createRequire(import.meta.url);
  mkdirSync(cacheDir, { recursive: true });
  for (const lang of LANGUAGES) {
    const target = join(cacheDir, `${lang}.traineddata.gz`);
    const source = join(
      dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)),
      '4.0.0_best_int',
      `${lang}.traineddata.gz`,
    );
    if (!existsSync(target)) symlinkSync(source, target);
  }
  return cacheDir;
}

/** Grey, light text on dark turned dark on light, small screenshots enlarged: what Tesseract reads best. */
async function preprocess(image: Buffer): Promise<Buffer> {
  const grey = sharp(image).flatten({ background: '#ffffff' }).greyscale();
  const [{ width = 0 }, stats] = await Promise.all([sharp(image).metadata(), grey.clone().stats()]);
  const dark = (stats.channels[0]?.mean ?? 255) < 110;
  let pipeline = dark ? grey.negate({ alpha: false }) : grey;
  if (width < 1000) pipeline = pipeline.resize({ width: width * 2, kernel: 'lanczos3' });
  return pipeline.png({ compressionLevel: 1 }).toBuffer();
}

export function createTesseractReader(options: TesseractReaderOptions): ScreenshotReader {
  const langPath = languageFolder(options.cacheDir);
  const all: Promise<Worker>[] = [];
  const idle: Worker[] = [];
  const reading = new Set<Promise<unknown>>();
  const waiting: Array<(worker: Worker) => void> = [];
  let started = 0;
  let closing = false;

  const startWorker = () => {
    started++;
    const worker = createWorker([...LANGUAGES].join('+'), 1, { langPath, gzip: true, cacheMethod: 'none' });
    all.push(worker);
    return worker;
  };

  async function acquire(): Promise<Worker> {
    const free = idle.pop();
    if (free) return free;
    if (started < options.workers) return startWorker();
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(worker: Worker): void {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  }

  if (options.eager) {
    for (let i = 0; i < options.workers; i++) void startWorker().then(release);
  }

  return {
    async read(image: Buffer): Promise<ScreenshotReading> {
      if (closing) throw new Error('The OCR reader is closed.');
      const job = (async () => {
        const prepared = await preprocess(image);
        const worker = await acquire();
        try {
          const { data } = await worker.recognize(prepared);
          const fields = parseAboutPhone(data.text);
          return {
            ...fields,
            imei: fields.imeis[0] ?? null,
            confidence: data.confidence / 100,
            text: data.text,
          };
        } finally {
          release(worker);
        }
      })();
      reading.add(job);
      return job.finally(() => reading.delete(job));
    },
    /** Lets the screenshots being read finish, then stops every worker thread. */
    async close(): Promise<void> {
      closing = true;
      await Promise.allSettled(reading);
      await Promise.all(all.map(async (worker) => (await worker).terminate()));
    },
  };
}
