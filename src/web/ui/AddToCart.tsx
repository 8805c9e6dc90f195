import { useState } from 'react';
import type { Product } from '../api/types';
import { cart, useCart } from '../cart/cart';
import { useI18n } from '../i18n/i18n';

/** Adds one unit to the cart; disabled when sold out or the cart already holds all that is available. */
export function AddToCart({ product, compact }: { product: Product; compact?: boolean }) {
  const { t } = useI18n();
  const [added, setAdded] = useState(false);
  const inCart = useCart().find((l) => l.sku === product.sku)?.quantity ?? 0;
  const soldOut = product.available <= 0;
  const disabled = soldOut || (product.kind === 'PHYSICAL' && inCart >= product.available);
  const add = () => {
    cart.add({
      productId: product.id,
      sku: product.sku,
      title: product.title,
      price: product.price,
      kind: product.kind,
      ...(product.images[0] ? { image: product.images[0] } : {}),
    });
    setAdded(true);
    setTimeout(() => setAdded(false), 1500);
  };
  return (
    <button type="button" className={compact ? 'primary small' : 'primary'} disabled={disabled} onClick={add}>
      {soldOut ? t('product.soldOut') : added ? t('product.added') : t('product.addToCart')}
    </button>
  );
}
