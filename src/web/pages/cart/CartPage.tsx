import { useSession } from '../../auth/session';
import { cart, cartTotal, useCart } from '../../cart/cart';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';
import { Price } from '../../ui/Price';
import { Empty } from '../../ui/States';

export function CartPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const lines = useCart();
  if (lines.length === 0)
    return (
      <section className="narrow">
        <h1>{t('cart.title')}</h1>
        <Empty action={<Link href="/" className="button primary">{t('cart.goShop')}</Link>}>{t('cart.empty')}</Empty>
      </section>
    );
  return (
    <section className="narrow cart">
      <h1>{t('cart.title')}</h1>
      <ul className="cart-lines">
        {lines.map((l) => (
          <li key={l.sku} data-sku={l.sku}>
            {l.image ? <img src={l.image} alt="" className="mini-thumb" /> : <span className="mini-thumb placeholder" />}
            <div className="grow">
              <Link href={`/product/${encodeURIComponent(l.productId)}`}>{l.title}</Link>
              <div className="muted small">
                <Price money={l.price} />
              </div>
            </div>
            <label className="qty">
              <span className="sr-only">{t('product.quantity')}</span>
              <input
                type="number"
                min={0}
                max={l.kind === 'DIGITAL' ? 1 : 99}
                value={l.quantity}
                onChange={(e) => cart.setQuantity(l.sku, Math.max(0, Math.floor(Number(e.target.value) || 0)))}
              />
            </label>
            <Price money={{ amount: l.price.amount * l.quantity, currency: l.price.currency }} />
            <button type="button" className="link" onClick={() => cart.setQuantity(l.sku, 0)}>
              {t('cart.remove')}
            </button>
          </li>
        ))}
      </ul>
      <p className="total">
        {t('cart.total')}: <Price money={cartTotal(lines)} className="big" />
      </p>
      <Link href={user ? '/checkout' : '/signin?next=/checkout'} className="button primary">
        {user ? t('cart.checkout') : t('cart.signinToCheckout')}
      </Link>
    </section>
  );
}
