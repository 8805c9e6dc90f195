import { isAbsolute, relative, resolve, sep } from 'node:path';

const SAFE_KEY = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** Blob keys are relative, slash-separated names of safe characters, never `..` or hidden files. */
export const isSafeKey = (key: string): boolean => key.length <= 512 && SAFE_KEY.test(key) && !key.split('/').includes('..');

/** The file of `key` under `root`, or undefined when the key is unsafe or escapes the root. */
export function fileOfKey(root: string, key: string): string | undefined {
  if (!isSafeKey(key)) return undefined;
  const base = resolve(root);
  const path = resolve(base, key);
  const rel = relative(base, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return path;
}
