// Build the editor harness with vite (production build, like the real app) and serve it on a
// loopback port. Shared by bench/editor/run.ts and tests/browser/editor-dom.test.ts.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export async function startHarness(): Promise<{ url: string; close: () => Promise<void> }> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(path.join(tmpdir(), 'dictum-editor-harness-'));
  await build({
    root: path.join(here, 'harness'),
    logLevel: 'silent',
    configFile: false,
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: true },
  });
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    let file = path.join(outDir, decodeURIComponent(u.pathname));
    if (!file.startsWith(outDir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
