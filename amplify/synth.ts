/**
 * Offline synth of the Amplify backend, the way Amplify's deployer does it (no credentials, no
 * network): `npm run synth` writes the CloudFormation templates to cdk.out/ and lists the stacks.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths';

export interface SynthOptions {
  readonly outDir?: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface SynthResult {
  readonly outDir: string;
  /** Stack artifacts of the cloud assembly (the root stack) and the nested templates it holds. */
  readonly stacks: readonly string[];
  readonly nestedTemplates: readonly string[];
}

/** Imports amplify/backend.ts under Amplify's sandbox context and asks it to synthesize. */
export async function synthesize(options: SynthOptions = {}) {
  const outDir = options.outDir ?? join(repoRoot, 'cdk.out');
  rmSync(outDir, { recursive: true, force: true });
  process.env.CDK_CONTEXT_JSON = JSON.stringify({
    'amplify-backend-namespace': options.namespace ?? 'marquee',
    'amplify-backend-name': options.name ?? 'dev',
    'amplify-backend-type': 'sandbox',
  });
  process.env.CDK_OUTDIR = outDir;
  const { tsImport } = await import('tsx/esm/api');
  const mod = (await tsImport(pathToFileURL(join(repoRoot, 'amplify', 'backend.ts')).href, import.meta.url)) as
    typeof import('./backend');
  process.emit('message', 'amplifySynth', undefined as never);
  return { mod, result: describeAssembly(outDir) };
}

export function describeAssembly(outDir: string): SynthResult {
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type: string }>;
  };
  const stacks = Object.entries(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([name]) => name);
  const nestedTemplates = readdirSync(outDir).filter((f) => f.endsWith('.nested.template.json'));
  return { outDir, stacks, nestedTemplates };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const { result } = await synthesize();
  console.log(`synthesized into ${result.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const s of result.stacks) console.log(`stack   ${s}`);
  for (const t of result.nestedTemplates) console.log(`nested  ${t}`);
}
