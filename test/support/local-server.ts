import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../src/server/config';
import { startLocal, type LocalRuntime } from '../../src/server/compose';

export interface TestServer extends LocalRuntime {
  readonly dataDir: string;
  /** Signs in a demo-style user through the real token endpoint. */
  token(username: string, groups?: string[]): Promise<string>;
  /** POST /graphql with a token (or the API key when token is undefined). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{ data: T | null; errors?: { errorType: string; message: string }[] }>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** The real embedded server on a free port and a fresh data dir (or a given one, to test restarts). */
export async function startTestServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'marquee-test-'));
  // Demo videos cost an ffmpeg run each; tests that want videos make their own.
  const runtime = await startLocal(configFromEnv({ PORT: '0', MARQUEE_DATA_DIR: dir, MARQUEE_SEED_VIDEOS: 'off', ...env }));
  return {
    ...runtime,
    dataDir: dir,
    async token(username, groups = []) {
      const res = await fetch(`${runtime.url}/local/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, groups }),
      });
      if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    async gql<T>(query: string, variables?: Record<string, unknown>, token?: string) {
      const res = await fetch(`${runtime.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: token } : { 'x-api-key': runtime.apiKey }),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data: T | null; errors?: { errorType: string; message: string }[] };
    },
    async stop(options = {}) {
      await runtime.close();
      if (!options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}
