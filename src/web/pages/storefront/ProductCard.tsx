import type { Product } from '../../api/types';
import { Link } from '../../router/router';
import { AddToCart } from '../../ui/AddToCart';
import { Price } from '../../ui/Price';
import { StockBadge } from '../../ui/StockBadge';

export function ProductCard({ product }: { product: Product }) {
  const href = `/product/${encodeURIComponent(product.id)}`;
  return (
    <article className="card product-card" data-product-id={product.id}>
      <Link href={href} className="card-image">
        {product.images[0] ? <img src={product.images[0]} alt="" loading="lazy" /> : <div className="placeholder" />}
      </Link>
      <div className="card-body">
        <Link href={href} className="card-title">
          {product.title}
        </Link>
        <div className="card-meta">
          <Price money={product.price} />
          <StockBadge product={product} />
        </div>
        <AddToCart product={product} compact />
      </div>
    </article>
  );
}
