import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** A JSON secret's field (or the whole string when `field` is omitted), fetched once per container. */
export function secretValue(client: SecretsManagerClient, secretId: string, field?: string): () => Promise<string> {
  let value: Promise<string> | undefined;
  return () =>
    (value ??= client.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
      const text = out.SecretString ?? '';
      if (field === undefined) return text;
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const found = parsed[field];
      if (typeof found !== 'string') throw new Error(`secret ${secretId} has no string field ${field}`);
      return found;
    }));
}
