import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));
const backend = process.env.MARQUEE_BACKEND ?? 'http://localhost:4000';

export default defineConfig({
  root,
  publicDir: 'public',
  plugins: [react()],
  build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/graphql': { target: backend, ws: true, changeOrigin: true },
      '/local': { target: backend, changeOrigin: true },
      '/amplify_outputs.json': { target: backend, changeOrigin: true },
      '/media': { target: backend, changeOrigin: true },
      '/uploads': { target: backend, changeOrigin: true },
    },
  },
});
