import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../src/adapters/aws/s3-blob-store';
import { FsBlobStore } from '../../src/adapters/local/fs-blob-store';
import type { BlobStore } from '../../src/ports/blob-store';

const text = async (chunks: AsyncIterable<Uint8Array> | undefined) => {
  if (!chunks) return undefined;
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
};

const CONTENT = 'sku,title\nA-1,"Tea, green"\n';

describe('BlobStore.read on both adapters', () => {
  let root: string;
  let s3: Server;
  let stores: [string, BlobStore][];
  const requests: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'marquee-blobs-'));
    mkdirSync(join(root, 'imports'));
    writeFileSync(join(root, 'imports/a.csv'), CONTENT);
    // A stand-in for S3's GetObject: path-style /bucket/key, 404 NoSuchKey for anything else.
    s3 = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.method === 'GET' && req.url?.startsWith('/marquee-uploads/imports/a.csv')) {
        res.writeHead(200, { 'content-type': 'text/csv', 'content-length': Buffer.byteLength(CONTENT) });
        res.end(CONTENT);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
    });
    await new Promise<void>((r) => s3.listen(0, '127.0.0.1', () => r()));
    const client = new S3Client({
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${(s3.address() as AddressInfo).port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    stores = [
      ['fs', new FsBlobStore({ root, secret: 's', baseUrl: () => 'http://localhost' })],
      ['s3', new S3BlobStore({ client, bucket: 'marquee-uploads' })],
    ];
  });
  afterAll(async () => {
    await new Promise<void>((r) => s3.close(() => r()));
    rmSync(root, { recursive: true, force: true });
  });

  it('streams an existing object and answers undefined for a missing one', async () => {
    for (const [name, store] of stores) {
      expect([name, await text(await store.read('imports/a.csv'))]).toEqual([name, CONTENT]);
      expect([name, await store.read('imports/missing.csv')]).toEqual([name, undefined]);
    }
    expect(requests).toContain('GET /marquee-uploads/imports/a.csv?x-id=GetObject');
  });

  it('the local store never reads outside its root', async () => {
    const fs = stores[0]![1];
    expect(await fs.read('../etc/passwd')).toBeUndefined();
    expect(await fs.read('/etc/passwd')).toBeUndefined();
  });
});
