import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { placeOrder } from '../../api/orders';
import type { Address } from '../../api/types';
import { useSession } from '../../auth/session';
import { cart, cartTotal, useCart } from '../../cart/cart';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { Link, navigate } from '../../router/router';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';
import { Empty } from '../../ui/States';
import { AddressFields, REQUIRED, type AddressErrors } from './AddressFields';
import { forgetAttempt, idempotencyKeyFor } from './idempotency';

const TEST_CARDS = ['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds'] as const;
const ADDRESS_KEY = 'marquee.lastAddress';

const savedAddress = (): Address => {
  try {
    return { ...blank, ...(JSON.parse(localStorage.getItem(ADDRESS_KEY) ?? '{}') as Partial<Address>) };
  } catch {
    return blank;
  }
};
const blank: Address = { name: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: 'JP' };

export function CheckoutPage() {
  const { t } = useI18n();
  const tr = useTranslateDynamic();
  const { backend } = useSession();
  const lines = useCart();
  const [address, setAddress] = useState<Address>(savedAddress);
  const [card, setCard] = useState<string>(TEST_CARDS[0]);
  const [errors, setErrors] = useState<AddressErrors>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const needsAddress = lines.some((l) => l.kind === 'PHYSICAL');

  if (lines.length === 0)
    return (
      <section className="narrow">
        <h1>{t('checkout.title')}</h1>
        <Empty action={<Link href="/" className="button primary">{t('cart.goShop')}</Link>}>{t('cart.empty')}</Empty>
      </section>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (needsAddress) {
      const missing = Object.fromEntries(
        REQUIRED.filter((f) => !String(address[f] ?? '').trim()).map((f) => [f, t('checkout.required')]),
      );
      setErrors(missing);
      if (Object.keys(missing).length) return;
    }
    const shippingAddress: Address | undefined = needsAddress
      ? (Object.fromEntries(Object.entries(address).map(([k, v]) => [k, (v ?? '').trim() || null])) as unknown as Address)
      : undefined;
    const input = {
      lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      paymentMethodId: card,
      ...(shippingAddress ? { shippingAddress } : {}),
    };
    setBusy(true);
    try {
      const order = await placeOrder({ ...input, idempotencyKey: idempotencyKeyFor(JSON.stringify(input)) });
      forgetAttempt();
      if (needsAddress) localStorage.setItem(ADDRESS_KEY, JSON.stringify(address));
      cart.clear();
      navigate(`/orders/${encodeURIComponent(order.id)}`);
    } catch (err) {
      const api = toApiError(err);
      const field = api.field?.replace(/^shippingAddress\./, '') as keyof Address | undefined;
      if (field && field in blank) setErrors({ [field]: `${tr('error', api.errorType)}: ${api.message}` });
      else setError(api);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow checkout">
      <h1>{t('checkout.title')}</h1>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="panel">
          <h2>{t('checkout.summary')}</h2>
          <ul className="plain">
            {lines.map((l) => (
              <li key={l.sku}>
                {l.title} × {l.quantity} — <Price money={{ amount: l.price.amount * l.quantity, currency: l.price.currency }} />
              </li>
            ))}
          </ul>
          <p className="total">
            {t('cart.total')}: <Price money={cartTotal(lines)} className="big" />
          </p>
        </div>
        {needsAddress ? (
          <AddressFields value={address} errors={errors} onChange={setAddress} />
        ) : (
          <p className="muted">{t('checkout.noAddress')}</p>
        )}
        <fieldset className="cards">
          <legend>{backend.kind === 'local' ? t('checkout.testCards') : t('checkout.card')}</legend>
          {TEST_CARDS.map((id) => (
            <label key={id}>
              <input type="radio" name="card" value={id} checked={card === id} onChange={() => setCard(id)} />
              {tr('card', id)} <code className="muted small">{id}</code>
            </label>
          ))}
        </fieldset>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('checkout.placing') : t('checkout.place')}
        </button>
      </form>
    </section>
  );
}
