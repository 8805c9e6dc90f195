import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

it('SIGTERM shuts the server down completely: its threads stop, the files are closed, the exit code is 0', async () => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-shutdown-'));
  const server = await startServerProcess(dir, { MARQUEE_SEED: 'off' });
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  await server.stop();
  expect(server.output()).toContain('SIGTERM: finishing in-flight work and shutting down');
  expect(server.child.exitCode).toBe(0);
  // The last connection to close checkpoints the log into the file and removes the WAL.
  expect(existsSync(join(dir, 'marquee.db-wal'))).toBe(false);
  expect(existsSync(join(dir, 'readmodels.db-wal'))).toBe(false);
}, 90_000);

it('close() of the embedded runtime completes even when nothing else keeps the process alive (its threads are waited for)', async () => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-close-'));
  const script = `
    import { startLocal } from './src/server/compose.ts';
    import { configFromEnv } from './src/server/config.ts';
    const runtime = await startLocal(configFromEnv({ PORT: '0', MARQUEE_DATA_DIR: ${JSON.stringify(dir)}, MARQUEE_SEED: 'off', MARQUEE_SEED_VIDEOS: 'off' }));
    await runtime.close();
    console.log('closed');`;
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: join(import.meta.dirname, '../..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).not.toMatch(/unsettled top-level await/);
  expect(run.stdout).toContain('closed');
  expect(run.status).toBe(0);
}, 90_000);
