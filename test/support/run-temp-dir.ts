import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every temporary directory of a test run (SQLite files, mail outboxes,
 * uploads, browser profiles: thousands of files a run) goes under one, removed when the run ends.
 * The test files are forked after this runs, so they and the processes they start inherit TMPDIR.
 */
export default function runTempDir(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-test-run-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
