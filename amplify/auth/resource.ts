import { defineAuth, secret } from '@aws-amplify/backend';

/**
 * Cognito user pool with the STAFF and WAREHOUSE groups (SHOPPER = any signed-in user).
 * Set MARQUEE_OIDC_ISSUER_URL (+ MARQUEE_OIDC_CLIENT_ID, the OIDC_CLIENT_SECRET Amplify secret and
 * MARQUEE_AUTH_CALLBACK_URLS) at deploy time to federate a shared company account as well.
 */
const oidcIssuer = process.env.MARQUEE_OIDC_ISSUER_URL;
const callbackUrls = (process.env.MARQUEE_AUTH_CALLBACK_URLS ?? 'http://localhost:4000/').split(',');

export const auth = defineAuth({
  loginWith: {
    email: true,
    ...(oidcIssuer
      ? {
          externalProviders: {
            oidc: [
              {
                name: 'Company',
                clientId: secret('OIDC_CLIENT_ID'),
                clientSecret: secret('OIDC_CLIENT_SECRET'),
                issuerUrl: oidcIssuer,
              },
            ],
            callbackUrls,
            logoutUrls: callbackUrls,
          },
        }
      : {}),
  },
  groups: ['STAFF', 'WAREHOUSE'],
});
