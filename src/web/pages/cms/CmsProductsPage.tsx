import { useEffect, useState } from 'react';
import { listCategories, listProducts, ON_PRODUCT_UPDATED, setPublished } from '../../api/catalog';
import { toApiError, type ApiError } from '../../api/errors';
import type { Page, Product } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { useSubscription } from '../../api/use-subscription';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Empty, Loading } from '../../ui/States';
import { CatalogImportPanel } from './CatalogImportPanel';
import { CmsNav } from './CmsNav';
import { importMessages } from './import-messages';
import { ProductForm } from './ProductForm';
import { ProductRow } from './ProductRow';
import { RestockForm } from './RestockForm';

type Panel = { kind: 'new' } | { kind: 'edit'; product: Product } | { kind: 'stock'; product: Product } | null;

export function CmsProductsPage() {
  const { t, lang } = useI18n();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState('');
  const [rowError, setRowError] = useState<{ id: string; error: ApiError }>();
  const [busyId, setBusyId] = useState<string>();
  const [importOpen, setImportOpen] = useState(false);

  useEffect(() => {
    const id = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(id);
  }, [search]);

  const products = useQuery<Page<Product>>(
    () => listProducts(debounced ? { search: debounced } : {}, 'NEWEST', 100),
    [debounced],
  );
  const categories = useQuery(listCategories, []);

  const upsert = (p: Product) =>
    products.set((page) => {
      if (!page) return page;
      const known = page.items.some((x) => x.id === p.id);
      return { ...page, items: known ? page.items.map((x) => (x.id === p.id ? p : x)) : [p, ...page.items] };
    });

  useSubscription<{ onProductUpdated: Product | null }>(ON_PRODUCT_UPDATED, undefined, ({ onProductUpdated: p }) => {
    if (p) upsert(p);
  });

  const togglePublish = async (p: Product) => {
    setBusyId(p.id);
    setRowError(undefined);
    try {
      upsert(await setPublished(p.id, !p.published));
    } catch (e) {
      setRowError({ id: p.id, error: toApiError(e) });
    } finally {
      setBusyId(undefined);
    }
  };

  const saved = (p: Product, message: string) => {
    upsert(p);
    setPanel(null);
    setNotice(message);
    setTimeout(() => setNotice(''), 3000);
    categories.reload();
  };

  const items = products.data?.items ?? [];
  return (
    <section className="cms">
      <h1>{t('cms.title')}</h1>
      <CmsNav />
      <div className="toolbar">
        <input
          type="search"
          placeholder={t('cms.search')}
          aria-label={t('cms.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="button" className="primary" onClick={() => setPanel({ kind: 'new' })}>
          + {t('cms.newProduct')}
        </button>
        <button type="button" onClick={() => setImportOpen(true)}>
          {importMessages(lang)('open')}
        </button>
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {importOpen && <CatalogImportPanel onImported={products.reload} onClose={() => setImportOpen(false)} />}
      {panel?.kind === 'new' && (
        <ProductForm categories={categories.data ?? []} onSaved={(p) => saved(p, t('form.saved'))} onCancel={() => setPanel(null)} />
      )}
      {panel?.kind === 'edit' && (
        <ProductForm
          key={panel.product.id}
          product={panel.product}
          categories={categories.data ?? []}
          onSaved={(p) => saved(p, t('form.saved'))}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel?.kind === 'stock' && (
        <RestockForm
          key={panel.product.id}
          product={panel.product}
          onDone={(p) => saved(p, t('cms.stockDetail', { available: p.available, onHand: p.onHand, reserved: p.reserved }))}
          onCancel={() => setPanel(null)}
        />
      )}
      <ErrorMessage error={products.error} onRetry={products.reload} />
      {products.loading && !products.data && <Loading />}
      {products.data && items.length === 0 ? (
        <Empty>{t('cms.noProducts')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table cms-products">
            <thead>
              <tr>
                <th>{t('cms.col.product')}</th>
                <th>{t('cms.col.status')}</th>
                <th className="num">{t('cms.col.price')}</th>
                <th className="num">{t('cms.col.stock')}</th>
                <th>{t('cms.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <ProductRow
                  key={p.id}
                  product={p}
                  busy={busyId === p.id}
                  error={rowError?.id === p.id ? rowError.error : undefined}
                  onEdit={() => setPanel({ kind: 'edit', product: p })}
                  onStock={() => setPanel({ kind: 'stock', product: p })}
                  onTogglePublish={() => void togglePublish(p)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
