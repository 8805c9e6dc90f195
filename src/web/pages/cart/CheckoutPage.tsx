import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { placeOrder } from '../../api/orders';
import type { Address } from '../../api/types';
import { cart, cartTotal, useCart } from '../../cart/cart';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { Link, navigate } from '../../router/router';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';
import { Empty } from '../../ui/States';
import { AddressFields, REQUIRED, type AddressErrors } from './AddressFields';
import { CardChoice, TEST_CARDS } from './CardChoice';
import { forgetAttempt, idempotencyKeyFor } from './idempotency';
import { loadPaymentMode, type PaymentMode } from './payment-mode';
import type { CreatePaymentMethod } from './StripeCardField';

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
  const lines = useCart();
  const [address, setAddress] = useState<Address>(savedAddress);
  const [card, setCard] = useState<string>(TEST_CARDS[0]);
  const [errors, setErrors] = useState<AddressErrors>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<PaymentMode>();
  const [cardError, setCardError] = useState<string>();
  const createPaymentMethod = useRef<CreatePaymentMethod | null>(null);
  const [stripeReady, setStripeReady] = useState(false);
  const onStripeReady = useCallback((create: CreatePaymentMethod | null) => {
    createPaymentMethod.current = create;
    setStripeReady(!!create);
  }, []);
  useEffect(() => {
    loadPaymentMode().then(setMode, (err: unknown) => setError(toApiError(err)));
  }, []);
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
    if (!mode) return;
    setError(undefined);
    setCardError(undefined);
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
      ...(shippingAddress ? { shippingAddress } : {}),
    };
    // Stripe mints a new pm_… per attempt, so the card field (not its id) is what a retry must match on.
    const fingerprint = JSON.stringify({ ...input, card: mode.kind === 'stripe-elements' ? mode.kind : card });
    setBusy(true);
    try {
      const paymentMethodId = mode.kind === 'stripe-elements' ? await stripePaymentMethod() : card;
      if (!paymentMethodId) return;
      const order = await placeOrder({ ...input, paymentMethodId, idempotencyKey: idempotencyKeyFor(fingerprint) });
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

  /** The PaymentMethod id from Stripe's card field, or undefined after showing Stripe's reason next to the field. */
  async function stripePaymentMethod(): Promise<string | undefined> {
    const result = await createPaymentMethod.current?.();
    if (result && 'id' in result) return result.id;
    setCardError(result?.error);
    return undefined;
  }

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
        {mode && (
          <CardChoice mode={mode} testCard={card} onTestCard={setCard} cardError={cardError} onStripeReady={onStripeReady} />
        )}
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy || !mode || (mode.kind === 'stripe-elements' && !stripeReady)}>
          {busy ? t('checkout.placing') : t('checkout.place')}
        </button>
      </form>
    </section>
  );
}
