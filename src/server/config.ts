import { resolve } from 'node:path';

/** Everything the embedded runtime reads from the environment, in one place. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** The open demo token issuer (POST /local/auth/token); switch off with MARQUEE_LOCAL_AUTH=off. */
  readonly localAuth: boolean;
  readonly seedDemo: boolean;
  /** Draw, upload and ingest two demo videos on first start (MARQUEE_SEED_VIDEOS=off skips it). */
  readonly seedVideos: boolean;
  /** Drop and replay every read model from the log before serving (MARQUEE_REBUILD=1). */
  readonly rebuild: boolean;
  readonly stripeSecretKey?: string;
  readonly stripeWebhookSecret?: string;
  readonly stripePublishableKey?: string;
  readonly warehouseWebhookUrl?: string;
  readonly warehouseWebhookSecret?: string;
  /** Outbound warehouse webhook retries (WAREHOUSE_WEBHOOK_MAX_ATTEMPTS, WAREHOUSE_WEBHOOK_RETRY_BASE_MS). */
  readonly warehouseWebhookRetry?: { maxAttempts?: number; baseDelayMs?: number };
  readonly transcodeConcurrency: number;
  readonly webDir: string;
  /** Tests only (MARQUEE_TEST_PAYMENT_DELAY_MS): every payment gateway answer arrives this late. */
  readonly testPaymentDelayMs?: number;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const opt = (name: string) => (env[name] ? { [camel(name)]: env[name] } : {});
  return {
    port: intFrom(env.PORT, 4000, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.MARQUEE_DATA_DIR || '.marquee'),
    localAuth: env.MARQUEE_LOCAL_AUTH !== 'off',
    seedDemo: env.MARQUEE_SEED !== 'off',
    seedVideos: env.MARQUEE_SEED !== 'off' && env.MARQUEE_SEED_VIDEOS !== 'off',
    rebuild: env.MARQUEE_REBUILD === '1',
    transcodeConcurrency: Math.max(1, intFrom(env.MARQUEE_TRANSCODE_CONCURRENCY, 1, 'MARQUEE_TRANSCODE_CONCURRENCY')),
    webDir: resolve(env.MARQUEE_WEB_DIR || 'dist/web'),
    ...opt('STRIPE_SECRET_KEY'),
    ...opt('STRIPE_WEBHOOK_SECRET'),
    ...publishableKeyFrom(env.STRIPE_PUBLISHABLE_KEY),
    ...opt('WAREHOUSE_WEBHOOK_URL'),
    ...opt('WAREHOUSE_WEBHOOK_SECRET'),
    ...webhookRetryFrom(env),
    ...(env.MARQUEE_TEST_PAYMENT_DELAY_MS
      ? { testPaymentDelayMs: intFrom(env.MARQUEE_TEST_PAYMENT_DELAY_MS, 0, 'MARQUEE_TEST_PAYMENT_DELAY_MS') }
      : {}),
  };
}

/** The key is served to every browser, so anything but a publishable key (a pasted secret) is refused. */
function publishableKeyFrom(key: string | undefined): Pick<ServerConfig, 'stripePublishableKey'> {
  if (!key) return {};
  if (!key.startsWith('pk_'))
    throw new Error(
      `STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key (pk_test_… or pk_live_…), got one starting "${key.slice(0, 3)}"`,
    );
  return { stripePublishableKey: key };
}

const camel = (envName: string) =>
  envName.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function webhookRetryFrom(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'warehouseWebhookRetry'> {
  const { WAREHOUSE_WEBHOOK_MAX_ATTEMPTS: attempts, WAREHOUSE_WEBHOOK_RETRY_BASE_MS: base } = env;
  if (!attempts && !base) return {};
  return {
    warehouseWebhookRetry: {
      ...(attempts ? { maxAttempts: Math.max(1, intFrom(attempts, 8, 'WAREHOUSE_WEBHOOK_MAX_ATTEMPTS')) } : {}),
      ...(base ? { baseDelayMs: intFrom(base, 2000, 'WAREHOUSE_WEBHOOK_RETRY_BASE_MS') } : {}),
    },
  };
}
