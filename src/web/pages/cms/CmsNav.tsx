import { useI18n } from '../../i18n/i18n';
import { Link, useLocation } from '../../router/router';

export function CmsNav() {
  const { t } = useI18n();
  const { path } = useLocation();
  const tab = (href: string, label: string) => (
    <Link href={href} className={path.startsWith(href) ? 'tab active' : 'tab'}>
      {label}
    </Link>
  );
  return (
    <nav className="tabs" aria-label={t('cms.title')}>
      {tab('/cms/products', t('cms.products'))}
      {tab('/cms/videos', t('cms.videos'))}
      {tab('/cms/orders', t('cms.orders'))}
      {tab('/cms/sales', t('cms.sales'))}
    </nav>
  );
}
