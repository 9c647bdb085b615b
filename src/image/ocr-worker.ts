import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Worker } from 'tesseract.js';

let worker: Promise<Worker> | undefined;
/** Jobs run one at a time: parameters are per worker, so two callers must not interleave. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Starts the shared tesseract worker on first use. Everything is local: the core (`tesseract.js-core`,
 * which tesseract.js requires from `node_modules` in Node) and the English LSTM model from
 * `@tesseract.js-data/eng` (`langPath` set, so the jsDelivr default is never used). `cacheMethod: 'none'`
 * stops tesseract.js from writing `eng.traineddata` into the current directory.
 */
function startWorker(): Promise<Worker> {
  worker ??= (async () => {
    const require = createRequire(import.meta.url);
    const langPath = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
    // Loaded here, not at the top, so users who never OCR never load tesseract.js.
    const { createWorker, OEM } = await import('tesseract.js');
    return createWorker('eng', OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      cacheMethod: 'none',
      logger: () => {},
      errorHandler: () => {},
    });
  })().catch((error: unknown) => {
    worker = undefined;
    throw error;
  });
  return worker;
}

/**
 * Runs `job` with exclusive use of the shared worker (started lazily, reused across calls).
 *
 * @example
 * const text = await withOcrWorker(async (w) => (await w.recognize(png)).data.text);
 */
export function withOcrWorker<T>(job: (worker: Worker) => Promise<T>): Promise<T> {
  const run = queue.then(async () => job(await startWorker()));
  queue = run.catch(() => {});
  return run;
}

/**
 * True once the worker has been started (and not terminated).
 *
 * @example
 * ocrWorkerStarted() // false until the first OCR
 */
export function ocrWorkerStarted(): boolean {
  return worker !== undefined;
}

/**
 * Ends the shared tesseract worker so the process can exit; the next OCR starts a new one. Tests and the
 * CLI call this when done.
 *
 * @example
 * test.afterAll(() => terminateOcr());
 */
export async function terminateOcr(): Promise<void> {
  const running = worker;
  if (!running) return;
  worker = undefined;
  await queue;
  await (await running.catch(() => null))?.terminate();
}
