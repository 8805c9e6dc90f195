import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, so every path works whether synth runs from the root or from a test. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaPath = join(repoRoot, 'schema.graphql');
export const stateMachinesDir = join(repoRoot, 'state-machines');
export const awsAdaptersDir = join(repoRoot, 'src', 'adapters', 'aws');
