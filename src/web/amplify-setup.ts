import { Amplify } from 'aws-amplify';
import { createCognitoAuth } from './auth/cognito-auth';
import { createLocalAuth } from './auth/local-auth';
import type { AuthBackend, DemoUser } from './auth/user';
import { installLoopbackWebSocket } from './local/loopback-websocket';

interface MarqueeOutputs {
  custom?: { marquee?: { runtime?: string; localAuth?: { tokenUrl: string; demoUsers: DemoUser[] } | null } };
  [key: string]: unknown;
}

/** Fetches amplify_outputs.json and configures Amplify with the matching auth. */
export async function setupAmplify(): Promise<AuthBackend> {
  const res = await fetch('/amplify_outputs.json');
  if (!res.ok) throw new Error(`GET /amplify_outputs.json answered ${res.status}`);
  const outputs = (await res.json()) as MarqueeOutputs;
  const marquee = outputs.custom?.marquee;
  if (marquee?.runtime === 'local' || marquee?.localAuth) installLoopbackWebSocket();

  if (marquee?.localAuth) {
    const { backend, tokenProvider } = createLocalAuth(marquee.localAuth.tokenUrl, marquee.localAuth.demoUsers);
    Amplify.configure(outputs as Parameters<typeof Amplify.configure>[0], { Auth: { tokenProvider } });
    return backend;
  }
  Amplify.configure(outputs as Parameters<typeof Amplify.configure>[0]);
  return createCognitoAuth();
}
