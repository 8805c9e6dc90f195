import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** Per-installation secrets, made on first start and kept in the data dir so tokens and URLs survive restarts. */
export interface LocalSecrets {
  readonly apiKey: string;
  readonly signingKey: JWK & { kid: string };
  readonly mediaSecret: string;
  readonly uploadSecret: string;
  readonly warehouseSecret: string;
}

export async function loadOrCreateSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const secrets: LocalSecrets = {
    apiKey: `da2-${randomBytes(13).toString('hex')}`,
    signingKey: { ...jwk, alg: 'ES256', use: 'sig', kid: randomBytes(8).toString('hex') },
    mediaSecret: randomBytes(32).toString('hex'),
    uploadSecret: randomBytes(32).toString('hex'),
    warehouseSecret: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
