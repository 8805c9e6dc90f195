import type { Product } from '../api/types';
import { useI18n } from '../i18n/i18n';

const LOW = 5;

export function StockBadge({ product }: { product: Pick<Product, 'available' | 'kind'> }) {
  const { t } = useI18n();
  const n = product.available;
  if (n <= 0)
    return (
      <span className="stock out" data-stock={n}>
        {t('stock.out')}
      </span>
    );
  if (product.kind === 'DIGITAL')
    return (
      <span className="stock digital" data-stock={n}>
        {t('stock.digital')}
      </span>
    );
  return (
    <span className={n <= LOW ? 'stock low' : 'stock'} data-stock={n}>
      {n <= LOW ? t('stock.left', { n }) : t('stock.in', { n })}
    </span>
  );
}
