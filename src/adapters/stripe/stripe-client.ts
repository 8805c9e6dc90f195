import Stripe from 'stripe';

export interface StripeClientOptions {
  /** Replaces the SDK's Node HTTP client (tests give it an offline one). */
  readonly httpClient?: Stripe.HttpClient;
  /** The SDK retries connection failures and 409/429/5xx, reusing the request's Idempotency-Key. */
  readonly maxNetworkRetries?: number;
  readonly timeoutMs?: number;
}

export function createStripeClient(secretKey: string, options: StripeClientOptions = {}): Stripe {
  return new Stripe(secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    appInfo: { name: 'marquee' },
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  });
}
