import { useEffect, useState } from 'react';
import { listCategories } from '../../api/catalog';
import type { ProductSort } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { useI18n } from '../../i18n/i18n';

export interface CatalogParams {
  search: string;
  category: string;
  min: string;
  max: string;
  sort: ProductSort;
}

const SORTS: ProductSort[] = ['NEWEST', 'PRICE_ASC', 'PRICE_DESC', 'TITLE'];

/** Search box (debounced), category, price range and sort. */
export function CatalogFilters({ value, onChange }: { value: CatalogParams; onChange: (v: CatalogParams) => void }) {
  const { t } = useI18n();
  const categories = useQuery(listCategories, []);
  const [search, setSearch] = useState(value.search);

  useEffect(() => setSearch(value.search), [value.search]);
  useEffect(() => {
    if (search === value.search) return;
    const id = setTimeout(() => onChange({ ...value, search }), 300);
    return () => clearTimeout(id);
  }, [search, value, onChange]);

  return (
    <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); onChange({ ...value, search }); }}>
      <input
        type="search"
        className="search"
        placeholder={t('catalog.search')}
        aria-label={t('catalog.search')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <select
        aria-label={t('catalog.category')}
        value={value.category}
        onChange={(e) => onChange({ ...value, category: e.target.value })}
      >
        <option value="">{t('catalog.allCategories')}</option>
        {categories.data?.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <input
        type="number"
        min={0}
        inputMode="numeric"
        className="price-input"
        placeholder={t('catalog.minPrice')}
        aria-label={t('catalog.minPrice')}
        value={value.min}
        onChange={(e) => onChange({ ...value, min: e.target.value })}
      />
      <input
        type="number"
        min={0}
        inputMode="numeric"
        className="price-input"
        placeholder={t('catalog.maxPrice')}
        aria-label={t('catalog.maxPrice')}
        value={value.max}
        onChange={(e) => onChange({ ...value, max: e.target.value })}
      />
      <select
        aria-label={t('catalog.sort')}
        value={value.sort}
        onChange={(e) => onChange({ ...value, sort: e.target.value as ProductSort })}
      >
        {SORTS.map((s) => (
          <option key={s} value={s}>
            {t(`sort.${s}`)}
          </option>
        ))}
      </select>
    </form>
  );
}
