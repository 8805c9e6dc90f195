import type { ServerConfig } from './config';
import { LOCAL_CLIENT_ID, LOCAL_USER_POOL_ID, DEMO_USERS } from './token-issuer';

export const LOCAL_REGION = 'local-1';

/** amplify_outputs.json in Amplify Gen 2's format, so `Amplify.configure(outputs)` works as against AWS. */
export function amplifyOutputs(baseUrl: string, apiKey: string, localAuth: boolean, extra: Record<string, unknown> = {}) {
  return {
    version: '1.4',
    auth: {
      aws_region: LOCAL_REGION,
      user_pool_id: LOCAL_USER_POOL_ID,
      user_pool_client_id: LOCAL_CLIENT_ID,
      standard_required_attributes: ['email'],
      username_attributes: [],
      user_verification_types: [],
      groups: [{ STAFF: { precedence: 0 } }, { WAREHOUSE: { precedence: 1 } }],
      unauthenticated_identities_enabled: false,
      mfa_configuration: 'NONE',
      mfa_methods: [],
      password_policy: { min_length: 8, require_lowercase: true, require_numbers: true, require_symbols: false, require_uppercase: false },
    },
    data: {
      url: `${baseUrl}/graphql`,
      aws_region: LOCAL_REGION,
      api_key: apiKey,
      default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
      authorization_types: ['API_KEY', 'AWS_IAM'],
    },
    custom: {
      marquee: {
        runtime: 'local',
        localAuth: localAuth
          ? { tokenUrl: `${baseUrl}/local/auth/token`, demoUsers: DEMO_USERS.map((u) => ({ ...u, groups: [...u.groups] })) }
          : null,
        ...extra,
      },
    },
  };
}

/** The browser's Stripe settings: only the publishable key, and only when one is configured. */
export function stripeOutputs(config: Pick<ServerConfig, 'stripePublishableKey'>): { stripePublishableKey?: string } {
  return config.stripePublishableKey ? { stripePublishableKey: config.stripePublishableKey } : {};
}
