// The per-photo checks (zxing's WASM decode blocks for 20–500 ms a photo) run on worker threads, so
// a request checking six photos never stalls the API's event loop.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { QrCheck } from './qr/qr-reader.js';

export interface PhotoInspectionInput {
  /** The stored photo; the worker reads it itself so megabytes of JPEG never cross threads. */
  path: string;
  /** null skips the QR check, e.g. for rear photos. */
  expectedQrKey: string | null;
}

/** Plain JSON data: it is structured-cloned back from the worker. */
export interface PhotoInspection {
  qr: QrCheck | null;
  analysis: {
    width: number;
    height: number;
    meanLuminance: number;
    laplacianVariance: number;
    dHash: string;
    /** ISO 8601; a Date would survive the clone but not a JSON column or log line. */
    takenAt: string | null;
    hasCameraExif: boolean;
    make: string | null;
    model: string | null;
  };
}

export interface PhotoChecksPool {
  inspectPhoto(input: PhotoInspectionInput): Promise<PhotoInspection>;
  /** Waits for queued inspections, then stops the threads. */
  close(): Promise<void>;
}

// Photos arrive in bursts (one claim's six); a thread that costs tsx and WASM start-up to create is
// kept for the next burst for a while, then let go so an idle server holds no threads.
const IDLE_TIMEOUT_MS = 30_000;

// From the TypeScript sources, a bootstrap rather than the .ts task itself: a worker thread starts
// without the tsx loader that bin/cp-insurance.js registered on the main thread. The compiled
// build (dist/) runs the compiled task directly.
const WORKER_ENTRY = new URL(
  import.meta.url.endsWith('.ts') ? './photo-checks.worker-entry.js' : './photo-checks.worker.js',
  import.meta.url,
).href;

export function createPhotoChecksPool(options: { size?: number } = {}): PhotoChecksPool {
  // One core is left to the main thread, which still has to parse requests and answer them.
  const size = options.size ?? Math.max(1, availableParallelism() - 1);
  const piscina = new Piscina<PhotoInspectionInput, PhotoInspection>({
    filename: WORKER_ENTRY,
    // 0: threads start with the first task, not with the process (the CLI and tests need none).
    minThreads: 0,
    maxThreads: size,
    idleTimeout: IDLE_TIMEOUT_MS,
  });
  return {
    inspectPhoto: (input) => piscina.run(input),
    close: () => piscina.close(),
  };
}
