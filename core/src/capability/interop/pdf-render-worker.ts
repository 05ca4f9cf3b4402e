import { parentPort } from 'node:worker_threads';
import { renderDocumentPdf } from './document-pdf';
import type { DocumentSnapshot } from './document-snapshot';

// The thread that lays out PDFs (render-pdf-off-thread.ts): pdfkit is synchronous and takes seconds
// on a long note; here that costs this thread, never the API's event loop.
parentPort?.on('message', async (message: { id: number; doc: DocumentSnapshot; timeZone?: string }) => {
  try {
    const pdf = await renderDocumentPdf(message.doc, { timeZone: message.timeZone });
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort?.postMessage({ id: message.id, pdf: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : 'render failed',
    });
  }
});
