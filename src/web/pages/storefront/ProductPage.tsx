import { useState } from 'react';
import { getProduct, ON_PRODUCT_UPDATED } from '../../api/catalog';
import type { Product } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { useSubscription } from '../../api/use-subscription';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';
import { AddToCart } from '../../ui/AddToCart';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';
import { Empty, Loading } from '../../ui/States';
import { StockBadge } from '../../ui/StockBadge';
import { UnlockedVideos } from './UnlockedVideos';

export function ProductPage({ id }: { id: string }) {
  const { t } = useI18n();
  const product = useQuery(() => getProduct(id), [id]);
  const [image, setImage] = useState(0);

  useSubscription<{ onProductUpdated: Product | null }>(ON_PRODUCT_UPDATED, { id }, ({ onProductUpdated: p }) => {
    if (p) product.set(() => (p.published ? p : null) as Product);
  });

  if (product.loading && !product.data) return <Loading />;
  if (product.error) return <ErrorMessage error={product.error} onRetry={product.reload} />;
  const p = product.data;
  if (!p)
    return (
      <Empty action={<Link href="/">{t('cart.goShop')}</Link>}>{t('product.notFound')}</Empty>
    );
  const shown = p.images[image] ?? p.images[0];

  return (
    <article className="product-page" data-product-id={p.id}>
      <div className="gallery">
        {shown ? <img className="hero" src={shown} alt={p.title} /> : <div className="placeholder hero" />}
        {p.images.length > 1 && (
          <div className="thumbs">
            {p.images.map((src, i) => (
              <button key={src} type="button" className={i === image ? 'thumb active' : 'thumb'} onClick={() => setImage(i)}>
                <img src={src} alt="" />
              </button>
            ))}
          </div>
        )}
      </div>
      <div className="details">
        <p className="muted">
          {p.category} · {t(`product.kind.${p.kind}`)}
        </p>
        <h1>{p.title}</h1>
        <Price money={p.price} className="big" />
        <p>
          <StockBadge product={p} />
        </p>
        <AddToCart product={p} />
        <p className="description">{p.description}</p>
        <p className="muted small">SKU {p.sku}</p>
        {p.kind === 'DIGITAL' && p.grantsVideoIds.length > 0 && <UnlockedVideos ids={p.grantsVideoIds} />}
      </div>
    </article>
  );
}
