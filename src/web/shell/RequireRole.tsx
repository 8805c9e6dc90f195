import type { ReactNode } from 'react';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { Link, useLocation } from '../router/router';
import { Empty, Loading } from '../ui/States';

/** Renders children for a signed-in user (in `group`, when given); otherwise says why not. */
export function RequireRole({ group, children }: { group?: string; children: ReactNode }) {
  const { user, ready, hasGroup } = useSession();
  const { t } = useI18n();
  const { path } = useLocation();
  if (!ready) return <Loading />;
  if (!user)
    return (
      <Empty action={<Link href={`/signin?next=${encodeURIComponent(path)}`} className="button primary">{t('nav.signin')}</Link>}>
        {t('signin.needed')}
      </Empty>
    );
  if (group && !hasGroup(group)) return <Empty>{t('signin.forbidden', { group })}</Empty>;
  return <>{children}</>;
}
