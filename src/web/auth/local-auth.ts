import { decodeJWT } from '@aws-amplify/core';
import type { AuthTokens, TokenProvider } from '@aws-amplify/core';
import { userFromClaims, type AuthBackend, type DemoUser, type User } from './user';

const STORAGE_KEY = 'marquee.localTokens';

interface StoredTokens {
  idToken: string;
  accessToken: string;
  expiresAt: number;
}

function load(): StoredTokens | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const tokens = raw ? (JSON.parse(raw) as StoredTokens) : null;
    return tokens && tokens.expiresAt > Date.now() + 10_000 ? tokens : null;
  } catch {
    return null;
  }
}

/** The local demo issuer: sign-in posts to tokenUrl, tokens live in localStorage. */
export function createLocalAuth(tokenUrl: string, demoUsers: readonly DemoUser[]): {
  backend: AuthBackend;
  tokenProvider: TokenProvider;
} {
  const tokenProvider: TokenProvider = {
    async getTokens(): Promise<AuthTokens | null> {
      const tokens = load();
      if (!tokens) return null;
      return { accessToken: decodeJWT(tokens.accessToken), idToken: decodeJWT(tokens.idToken) };
    },
  };

  const current = async (): Promise<User | null> => {
    const tokens = load();
    return tokens ? userFromClaims(decodeJWT(tokens.idToken).payload as Record<string, unknown>) : null;
  };

  const backend: AuthBackend = {
    kind: 'local',
    demoUsers,
    current,
    async signIn(username, secret) {
      const groups = 'groups' in secret ? secret.groups : [];
      const res = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, groups }),
      });
      const body = (await res.json().catch(() => ({}))) as Partial<StoredTokens> & { expiresIn?: number; message?: string };
      if (!res.ok || !body.accessToken || !body.idToken) throw new Error(body.message ?? `sign-in failed (${res.status})`);
      const stored: StoredTokens = {
        idToken: body.idToken,
        accessToken: body.accessToken,
        expiresAt: Date.now() + (body.expiresIn ?? 3600) * 1000,
      };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
      return (await current())!;
    },
    async signOut() {
      localStorage.removeItem(STORAGE_KEY);
    },
  };
  return { backend, tokenProvider };
}
