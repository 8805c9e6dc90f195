import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';
import { CmsNav } from './CmsNav';

export function CmsHome() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('cms.title')}</h1>
      <CmsNav />
      <div className="tiles">
        <Link href="/cms/products" className="tile">
          <strong>{t('cms.products')}</strong>
        </Link>
        <Link href="/cms/videos" className="tile">
          <strong>{t('cms.videos')}</strong>
        </Link>
        <Link href="/cms/orders" className="tile">
          <strong>{t('cms.orders')}</strong>
        </Link>
        <Link href="/cms/sales" className="tile">
          <strong>{t('cms.sales')}</strong>
        </Link>
      </div>
    </section>
  );
}
