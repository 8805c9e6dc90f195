import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setSignedIn } from '../api/client';
import type { AuthBackend, User } from './user';

interface Session {
  readonly user: User | null;
  readonly ready: boolean;
  readonly backend: AuthBackend;
  readonly hasGroup: (group: string) => boolean;
  signIn(username: string, secret: { groups: readonly string[] } | { password: string }): Promise<User>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ backend, children }: { backend: AuthBackend; children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    void backend.current().then((u) => {
      setSignedIn(!!u);
      setUser(u);
      setReady(true);
    });
  }, [backend]);

  const signIn = useCallback(
    async (username: string, secret: { groups: readonly string[] } | { password: string }) => {
      const u = await backend.signIn(username, secret);
      setSignedIn(true);
      setUser(u);
      return u;
    },
    [backend],
  );

  const signOut = useCallback(async () => {
    await backend.signOut();
    setSignedIn(false);
    setUser(null);
  }, [backend]);

  const value = useMemo<Session>(
    () => ({ user, ready, backend, signIn, signOut, hasGroup: (g) => !!user?.groups.includes(g) }),
    [user, ready, backend, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
