import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" aria-busy="true">
      {t('common.loading')}
    </p>
  );
}

/** What to do next when there is nothing to show. */
export function Empty({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <p>{children}</p>
      {action}
    </div>
  );
}
