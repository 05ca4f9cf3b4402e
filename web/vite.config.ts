import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API serves web/dist at `/` (SPA fallback). In development, vite serves the app and proxies
// the API, so cookies stay same-origin (SameSite=Strict works).
const apiTarget = process.env.DICTUM_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
