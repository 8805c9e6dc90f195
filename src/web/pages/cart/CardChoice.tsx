import { lazy, Suspense } from 'react';
import { useSession } from '../../auth/session';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import type { PaymentMode } from './payment-mode';
import type { CreatePaymentMethod } from './StripeCardField';

export const TEST_CARDS = ['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds'] as const;

// A separate chunk: without a publishable key neither its code nor Stripe.js is ever fetched.
const StripeCardField = lazy(() => import('./StripeCardField'));

interface Props {
  readonly mode: PaymentMode;
  readonly testCard: string;
  readonly onTestCard: (id: string) => void;
  readonly cardError: string | undefined;
  readonly onStripeReady: (create: CreatePaymentMethod | null) => void;
}

/** The card part of the checkout form: Stripe's test ids offline, Stripe's card field with a publishable key. */
export function CardChoice({ mode, testCard, onTestCard, cardError, onStripeReady }: Props) {
  const { t } = useI18n();
  const tr = useTranslateDynamic();
  const { backend } = useSession();

  if (mode.kind === 'stripe-elements')
    return (
      <fieldset className="cards" data-payment-mode={mode.kind}>
        <legend>{t('checkout.card')}</legend>
        <Suspense fallback={<p className="muted">…</p>}>
          <StripeCardField publishableKey={mode.publishableKey} error={cardError} onReady={onStripeReady} />
        </Suspense>
      </fieldset>
    );
  return (
    <fieldset className="cards" data-payment-mode={mode.kind}>
      <legend>{backend.kind === 'local' ? t('checkout.testCards') : t('checkout.card')}</legend>
      {TEST_CARDS.map((id) => (
        <label key={id}>
          <input type="radio" name="card" value={id} checked={testCard === id} onChange={() => onTestCard(id)} />
          {tr('card', id)} <code className="muted small">{id}</code>
        </label>
      ))}
    </fieldset>
  );
}
