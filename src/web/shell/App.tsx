import { useI18n } from '../i18n/i18n';
import { match, useLocation } from '../router/router';
import { Empty } from '../ui/States';
import { Header } from './Header';
import { routes } from './routes';

export function App() {
  const { path } = useLocation();
  const { t } = useI18n();
  let page = null;
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params) {
      page = render(params);
      break;
    }
  }
  return (
    <>
      <Header />
      <main className="main">
        {page ?? (
          <Empty>
            <strong>{t('notFound.title')}</strong> — {t('notFound.body')}
          </Empty>
        )}
      </main>
    </>
  );
}
