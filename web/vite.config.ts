import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, '..');

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    // antd is one big vendor chunk by design; pages are split per route.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // contracts/ lives outside the web root.
    fs: { allow: [repoRoot] },
    // `npm run dev:web` next to `npm start`; FENGGUI_API points elsewhere (e.g. http://localhost:3100).
    proxy: { '/api': { target: process.env.FENGGUI_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
