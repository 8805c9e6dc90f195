import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SignedPost } from '../local/webhook-outbox-sender';
import { LambdaEnv } from './lambda-env';
import { secretValue } from './secrets-manager';
import { createWebhookDeliveryTask } from './webhook-delivery-task';

type Deliver = ReturnType<typeof createWebhookDeliveryTask>;

/**
 * The Deliver task of the warehouse outbox state machine (webhook-delivery-asl.ts): one signed
 * POST with the `warehouse` field of the webhook secret. A thrown error is the machine's to retry.
 */
export function webhookDeliveryHandler(secret: () => Promise<string>) {
  let deliver: Promise<Deliver> | undefined;
  return async (input: SignedPost) => {
    if (!deliver) {
      deliver = secret().then((value) => createWebhookDeliveryTask({ secret: value }));
      deliver.catch(() => (deliver = undefined)); // a failed secret fetch is retried next time
    }
    return (await deliver)(input);
  };
}

export const handler = webhookDeliveryHandler(() => {
  const arn = process.env[LambdaEnv.webhookSecretArn];
  if (!arn) throw new Error(`${LambdaEnv.webhookSecretArn} is not set`);
  return secretValue(new SecretsManagerClient({}), arn, 'warehouse')();
});
