import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import { useI18n, useTranslateDynamic } from '../i18n/i18n';
import { navigate, useLocation } from '../router/router';
import { ErrorMessage } from '../ui/ErrorMessage';

const homeFor = (groups: readonly string[]) =>
  groups.includes('STAFF') ? '/cms/products' : groups.includes('WAREHOUSE') ? '/warehouse' : '/';

/** Local mode: one button per demo user. Against Cognito: username + password. */
export function SignInPage() {
  const { t } = useI18n();
  const tr = useTranslateDynamic();
  const { backend, signIn, user } = useSession();
  const { query } = useLocation();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const next = query.get('next');

  const go = async (name: string, secret: { groups: readonly string[] } | { password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const u = await signIn(name, secret);
      navigate(next && next.startsWith('/') ? next : homeFor(u.groups));
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void go(username, { password });
  };

  return (
    <section className="signin narrow">
      <h1>{t('signin.title')}</h1>
      {user && <p className="muted">{user.username}</p>}
      <ErrorMessage error={error} />
      {backend.kind === 'local' ? (
        <>
          <p>{t('signin.demo')}</p>
          <ul className="demo-users">
            {backend.demoUsers.map((u) => (
              <li key={u.username}>
                <button
                  type="button"
                  className="demo-user"
                  data-username={u.username}
                  disabled={busy}
                  onClick={() => void go(u.username, { groups: u.groups })}
                >
                  <span className="avatar" aria-hidden="true">
                    {u.username[0]?.toUpperCase()}
                  </span>
                  <span>
                    <strong>{t('signin.as', { name: u.username })}</strong>
                    <small>{tr('role', u.role)}</small>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <form onSubmit={submit} className="form">
          <label>
            {t('signin.username')}
            <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </label>
          <label>
            {t('signin.password')}
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {t('signin.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
