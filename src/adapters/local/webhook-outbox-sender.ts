import { SIGNATURE_HEADER, sign } from '../../app/fulfilment/webhook-signature';

export interface SignedPost {
  readonly id: string;
  readonly url: string;
  /** Exact JSON text to sign and send. */
  readonly body: string;
}

export interface SenderOptions {
  readonly secret: string | readonly string[];
  readonly now: Date;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

export type PostOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status?: number; readonly error: string };

const ERROR_TEXT_LIMIT = 500;

/**
 * One delivery attempt: POST the body with a fresh signature (signed at send time, so a
 * retry hours later is not stale) and the idempotency key. Only a 2xx counts; redirects are
 * not followed (a signed body must not travel to a host nobody configured).
 */
export async function postSignedWebhook(post: SignedPost, options: SenderOptions): Promise<PostOutcome> {
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: sign(post.body, options.secret, options.now),
        'Idempotency-Key': post.id,
        'user-agent': 'Marquee-Webhooks/1',
      },
      body: post.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    const detail = text.trim().slice(0, ERROR_TEXT_LIMIT);
    return { ok: false, status: response.status, error: `HTTP ${response.status}${detail ? `: ${detail}` : ''}` };
  } catch (e) {
    return { ok: false, error: describeFailure(e, options.timeoutMs) };
  }
}

function describeFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    const cause = (e as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    return `${e.message}${causeText}`.slice(0, ERROR_TEXT_LIMIT);
  }
  return String(e).slice(0, ERROR_TEXT_LIMIT);
}
