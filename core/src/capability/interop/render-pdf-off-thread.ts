import { Worker } from 'node:worker_threads';
import type { PdfOptions } from './document-pdf';
import type { DocumentSnapshot } from './document-snapshot';

// PDF layout (pdfkit) is synchronous CPU work: a 200,000-character note takes seconds, during which
// an API rendering it in its own thread would answer nothing, health checks included. So PDFs are
// rendered on a worker thread, one at a time (the routes are rate-limited per user), with a deadline
// after which the thread is terminated and a fresh one started.

const RENDER_TIMEOUT_MS = 60_000;

interface Pending {
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(error: Error) {
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    p.reject(error);
    pending.delete(id);
  }
}

function thread(): Worker {
  if (worker) return worker;
  // The worker is TypeScript like the rest of the app: tsx's loader is registered in the thread
  // first (a worker does not inherit the parent's loader hooks), then the worker module is imported.
  const script = new URL('./pdf-render-worker.ts', import.meta.url).href;
  const created = new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); })`,
    { eval: true },
  );
  created.unref();
  created.on('message', (message: { id: number; pdf?: Uint8Array; error?: string }) => {
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.pdf)
      p.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
    else p.reject(new Error(message.error ?? 'PDF rendering failed'));
  });
  created.on('error', (error) => {
    if (worker === created) worker = null;
    failAll(error);
  });
  created.on('exit', () => {
    if (worker === created) worker = null;
    failAll(new Error('the PDF renderer stopped'));
  });
  worker = created;
  return created;
}

/** renderDocumentPdf on the renderer thread; the same bytes, without blocking the caller's thread. */
export function renderDocumentPdfOffThread(doc: DocumentSnapshot, options: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('PDF rendering timed out'));
      // A render that runs this long is stuck: start over with a fresh thread.
      const stuck = worker;
      worker = null;
      void stuck?.terminate();
    }, RENDER_TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    let target: Worker;
    try {
      target = thread();
    } catch (error) {
      pending.delete(id);
      clearTimeout(timer);
      reject(error as Error);
      return;
    }
    target.ref();
    target.postMessage({ id, doc, timeZone: options.timeZone });
    const release = () => {
      if (pending.size === 0) target.unref();
    };
    const settle = pending.get(id)!;
    pending.set(id, {
      ...settle,
      resolve: (pdf) => {
        settle.resolve(pdf);
        release();
      },
      reject: (error) => {
        settle.reject(error);
        release();
      },
    });
  });
}

/** For tests and shutdown: stop the renderer thread. */
export async function stopPdfRenderer(): Promise<void> {
  const current = worker;
  worker = null;
  await current?.terminate();
}
