import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { repoRoot, schemaPath } from '../paths';

const outRoot = join(repoRoot, '.amplify', 'lambda-bundles');
const bundles = new Map<string, string>();

/** The file every bundle carries next to index.mjs (the publisher reads its selection sets from it). */
export const BUNDLED_SCHEMA = 'schema.graphql';

/**
 * Bundles a Lambda entry adapter once per synth with the local esbuild (offline, no Docker) and
 * returns it as an asset. Task Lambdas share one entry, so they share one bundle and one asset.
 */
export function bundledCode(entry: string): Code {
  let dir = bundles.get(entry);
  if (!dir) {
    dir = join(outRoot, basename(entry).replace(/\.ts$/, ''));
    mkdirSync(dir, { recursive: true });
    buildSync({
      entryPoints: [entry],
      outfile: join(dir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      // Some SDK dependencies are CommonJS and call require().
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      // Native addon of the embedded runtime: never reachable from the AWS adapters.
      external: ['better-sqlite3'],
      logLevel: 'error',
      legalComments: 'none',
    });
    copyFileSync(schemaPath, join(dir, BUNDLED_SCHEMA));
    bundles.set(entry, dir);
  }
  return Code.fromAsset(dir);
}
