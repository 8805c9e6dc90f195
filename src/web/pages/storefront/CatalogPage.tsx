import { useCallback, useMemo } from 'react';
import type { ProductFilter } from '../../api/catalog';
import type { ProductSort } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { navigate, useLocation } from '../../router/router';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Empty, Loading } from '../../ui/States';
import { CatalogFilters, type CatalogParams } from './CatalogFilters';
import { ProductCard } from './ProductCard';
import { useCatalog } from './use-catalog';

const SORTS = new Set(['NEWEST', 'PRICE_ASC', 'PRICE_DESC', 'TITLE']);
const yen = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Math.max(0, Math.round(Number(s))) : undefined);

/** Home: the catalog. Filters live in the query string so reload and back keep them. */
export function CatalogPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const params: CatalogParams = {
    search: query.get('q') ?? '',
    category: query.get('category') ?? '',
    min: query.get('min') ?? '',
    max: query.get('max') ?? '',
    sort: (SORTS.has(query.get('sort') ?? '') ? query.get('sort') : 'NEWEST') as ProductSort,
  };
  const filter = useMemo<ProductFilter>(() => {
    const f: ProductFilter = {};
    if (params.search.trim()) f.search = params.search.trim();
    if (params.category) f.category = params.category;
    const min = yen(params.min);
    const max = yen(params.max);
    if (min !== undefined) f.minPrice = min;
    if (max !== undefined) f.maxPrice = max;
    return f;
  }, [params.search, params.category, params.min, params.max]);

  const setParams = useCallback((p: CatalogParams) => {
    const q = new URLSearchParams();
    if (p.search) q.set('q', p.search);
    if (p.category) q.set('category', p.category);
    if (p.min) q.set('min', p.min);
    if (p.max) q.set('max', p.max);
    if (p.sort !== 'NEWEST') q.set('sort', p.sort);
    const s = q.toString();
    navigate(s ? `/?${s}` : '/', true);
  }, []);

  const catalog = useCatalog(filter, params.sort);

  return (
    <section className="catalog">
      <h1>{t('catalog.title')}</h1>
      <CatalogFilters value={params} onChange={setParams} />
      <ErrorMessage error={catalog.error} onRetry={catalog.reload} />
      {!catalog.error && !catalog.loading && (
        <p className="muted" data-testid="catalog-count">
          {t('catalog.count', { n: catalog.total })}
        </p>
      )}
      {!catalog.loading && !catalog.error && catalog.items.length === 0 ? (
        <Empty
          action={
            <button type="button" onClick={() => navigate('/', true)}>
              {t('catalog.clear')}
            </button>
          }
        >
          {t('catalog.empty')}
        </Empty>
      ) : (
        <div className="grid">
          {catalog.items.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </div>
      )}
      {catalog.loading && <Loading />}
      {catalog.hasMore && !catalog.loading && (
        <button type="button" className="more" onClick={catalog.loadMore}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
