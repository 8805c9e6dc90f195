import { configFromEnv } from './config';
import { startLocal } from './compose';

const config = configFromEnv();
const runtime = await startLocal(config).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') console.error(`Port ${config.port} is in use: stop the other server or start with PORT=<another port>.`);
  else console.error('Marquee could not start:', error);
  process.exit(1);
});

console.log(`
  Marquee is running at ${runtime.url}
    shop        ${runtime.url}/
    CMS         ${runtime.url}/cms        (sign in as sam)
    warehouse   ${runtime.url}/warehouse  (sign in as wendy)
    GraphQL     ${runtime.url}/graphql    realtime ${runtime.url.replace('http', 'ws')}/graphql/realtime
  data: ${config.dataDir}
  ${config.localAuth ? 'Local demo sign-in is ON (alice / sam / wendy, no password); set MARQUEE_LOCAL_AUTH=off to switch it off.' : 'Local demo sign-in is OFF.'}
  payments: ${config.stripeSecretKey ? 'Stripe (STRIPE_SECRET_KEY)' : 'offline test gateway (set STRIPE_SECRET_KEY for Stripe)'}
`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing in-flight work and shutting down…`);
  await runtime.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
