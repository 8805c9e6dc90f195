/** How the checkout page takes a card: Stripe's test ids offline, Stripe Elements once a publishable key is served. */
export type PaymentMode = { readonly kind: 'test-cards' } | { readonly kind: 'stripe-elements'; readonly publishableKey: string };

const TEST_CARDS_MODE: PaymentMode = { kind: 'test-cards' };

/** Picks the mode from amplify_outputs.json; anything but a pk_… key keeps the offline test cards. */
export function paymentModeFrom(outputs: unknown): PaymentMode {
  const key = field(field(field(outputs, 'custom'), 'marquee'), 'stripePublishableKey');
  return typeof key === 'string' && /^pk_[A-Za-z0-9_]+$/.test(key) ? { kind: 'stripe-elements', publishableKey: key } : TEST_CARDS_MODE;
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

let cached: Promise<PaymentMode> | undefined;

/** Reads the mode once per page load (amplify-setup does not keep the outputs' custom section); a failed read is retried next time. */
export function loadPaymentMode(): Promise<PaymentMode> {
  cached ??= fetch('/amplify_outputs.json')
    .then(async (res) => {
      if (!res.ok) throw new Error(`GET /amplify_outputs.json answered ${res.status}`);
      return paymentModeFrom(await res.json());
    })
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
