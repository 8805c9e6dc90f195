import { useEffect, useState } from 'react';
import { CardElement, Elements, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useI18n, type Lang } from '../../i18n/i18n';
import { FieldError } from '../../ui/ErrorMessage';
import './stripe-card.css';

/** Turns what is typed into the card field into a Stripe PaymentMethod id, or Stripe's reason why not. */
export type CreatePaymentMethod = () => Promise<{ readonly id: string } | { readonly error: string }>;

interface Props {
  readonly publishableKey: string;
  /** Stripe's message for the last failed attempt, shown under the card field. */
  readonly error: string | undefined;
  /** Called with the card's PaymentMethod factory once Stripe.js is up, and with null when it goes away. */
  readonly onReady: (create: CreatePaymentMethod | null) => void;
}

// These three lines live here rather than in i18n/ so the offline bundle carries nothing of this mode.
const TEXT: Record<Lang, { loading: string; failed: string; missing: string }> = {
  ja: { loading: 'カード入力欄を読み込み中…', failed: 'Stripe を読み込めませんでした。再読み込みしてください。', missing: 'カード情報を入力してください' },
  en: { loading: 'Loading the card field…', failed: 'Stripe could not be loaded; please reload the page.', missing: 'Enter your card details' },
};

// One Stripe instance per key for the page's life: Elements must not be handed a new one on re-render.
const instances = new Map<string, Promise<Stripe | null>>();
const stripeFor = (key: string) => {
  let instance = instances.get(key);
  if (!instance) instances.set(key, (instance = loadStripe(key)));
  return instance;
};

/** The card entry of Stripe mode: Stripe.js is fetched only when this (lazily imported) module renders. */
export default function StripeCardField({ publishableKey, error, onReady }: Props) {
  const { lang } = useI18n();
  const [stripe, setStripe] = useState<Stripe | null | 'failed'>(null);

  useEffect(() => {
    let live = true;
    stripeFor(publishableKey).then(
      (s) => live && setStripe(s ?? 'failed'),
      () => {
        instances.delete(publishableKey);
        if (live) setStripe('failed');
      },
    );
    return () => {
      live = false;
    };
  }, [publishableKey]);

  if (stripe === 'failed') return <FieldError message={TEXT[lang].failed} />;
  if (!stripe) return <p className="muted">{TEXT[lang].loading}</p>;
  return (
    <Elements stripe={stripe} options={{ locale: lang }}>
      <CardInput onReady={onReady} missing={TEXT[lang].missing} />
      <FieldError message={error} />
    </Elements>
  );
}

function CardInput({ onReady, missing }: { onReady: Props['onReady']; missing: string }) {
  const stripe = useStripe();
  const elements = useElements();

  useEffect(() => {
    if (!stripe || !elements) return;
    onReady(async () => {
      const card = elements.getElement(CardElement);
      if (!card) return { error: missing };
      const { paymentMethod, error } = await stripe.createPaymentMethod({ type: 'card', card });
      return paymentMethod ? { id: paymentMethod.id } : { error: error?.message ?? missing };
    });
    return () => onReady(null);
  }, [stripe, elements, onReady, missing]);

  return (
    <div className="stripe-card" data-testid="stripe-card">
      <CardElement options={{ hidePostalCode: true }} />
    </div>
  );
}
