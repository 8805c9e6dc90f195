import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AslFile {
  /** File name without `.asl.json`: `checkout`, `video-ingest`. */
  readonly name: string;
  readonly text: string;
  /** Every `${Name}` in the file, sorted: each needs a DefinitionSubstitution. */
  readonly placeholders: readonly string[];
  /** Optimised service integrations the machine calls (`arn:aws:states:::mediaconvert:createJob.sync`, ...). */
  readonly integrations: readonly string[];
}

export const FUNCTION_ARN_SUFFIX = 'FunctionArn';
const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;
const INTEGRATION = /"Resource"\s*:\s*"(arn:aws:states:::[^"]+)"/g;

export const isFunctionPlaceholder = (name: string) => name.endsWith(FUNCTION_ARN_SUFFIX) && name !== FUNCTION_ARN_SUFFIX;

/** Reads a state machine file and lists what it needs from the stack. */
export function scanAsl(name: string, text: string): AslFile {
  JSON.parse(text); // fail synth on a broken file, not on deploy
  const placeholders = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const integrations = new Set([...text.matchAll(INTEGRATION)].map((m) => m[1]!));
  return { name, text, placeholders: [...placeholders].sort(), integrations: [...integrations].sort() };
}

/** Every `*.asl.json` in the directory, by name. */
export function readAslDir(dir: string): AslFile[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.asl.json'))
    .sort()
    .map((f) => scanAsl(f.slice(0, -'.asl.json'.length), readFileSync(join(dir, f), 'utf8')));
}
