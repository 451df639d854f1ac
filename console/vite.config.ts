import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Resolved from this file, so the build works from any working directory (npm start builds it too).
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    // The CSP forbids inline scripts: every script is a file, and small assets stay files too.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npx vite --config console/vite.config.ts` against `npm start` on :3000.
    proxy: { '/admin/api': 'http://127.0.0.1:3000', '/files': 'http://127.0.0.1:3000' },
  },
});
