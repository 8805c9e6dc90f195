import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module. On Node 20 a worker inherits neither tsx's loader
 * hooks nor an `--import` of them, so a small bootstrap imports the module through tsx's API
 * (the same under `npm start`, vitest and the benchmarks).
 */
export function typescriptWorker(module: URL, workerData?: unknown): Worker {
  // tsx/esm/api's ESM build (require.resolve would give the CommonJS one).
  const api = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(module.href)}, ${JSON.stringify(module.href)}))`;
  return new Worker(bootstrap, { eval: true, workerData });
}
