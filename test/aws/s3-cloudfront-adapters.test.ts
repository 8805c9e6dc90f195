import { createVerify, generateKeyPairSync } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { CloudFrontMediaSigner } from '../../src/adapters/aws/cloudfront-media-signer';
import { S3BlobStore } from '../../src/adapters/aws/s3-blob-store';

const now = new Date('2026-11-25T12:00:00.000Z');
const clock = { now: () => now };

describe('S3 blob store', () => {
  const client = new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const store = new S3BlobStore({ client, bucket: 'marquee-uploads', clock });

  it('presigns one PUT that signs the content type and exact length, expiring when asked', async () => {
    const url = new URL(
      await store.createUploadUrl({
        key: 'videos/v-1/source/clip.mp4',
        contentType: 'video/mp4',
        maxBytes: 1_048_576,
        expiresAt: new Date(now.getTime() + 15 * 60_000),
      }),
    );
    expect(url.hostname).toBe('marquee-uploads.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/videos/v-1/source/clip.mp4');
    const q = url.searchParams;
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20261125/eu-west-1/s3/aws4_request');
    expect(q.get('X-Amz-Date')).toBe('20261125T120000Z');
    expect(q.get('X-Amz-Expires')).toBe('900');
    expect(q.get('X-Amz-SignedHeaders')?.split(';')).toEqual(['content-length', 'content-type', 'host']);
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('caps the expiry at the seven days SigV4 allows', async () => {
    const url = new URL(
      await store.createUploadUrl({ key: 'imports/a.csv', contentType: 'text/csv', maxBytes: 10, expiresAt: new Date(now.getTime() + 30 * 86_400_000) }),
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(7 * 86_400));
  });
});

describe('CloudFront media signer', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const signer = new CloudFrontMediaSigner({ domain: 'd111.cloudfront.net', keyPairId: 'K2JCJMDEHXQW5F', privateKey: async () => pem });
  const fromCloudFrontBase64 = (s: string) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

  it('signs a custom policy over the whole scope prefix that CloudFront can verify with the public key', async () => {
    const expiresAt = new Date(now.getTime() + 5 * 60_000);
    const url = new URL(
      await signer.signedUrl({ key: 'videos/v-1/hls/master.m3u8', scopePrefix: 'videos/v-1/hls/', expiresAt }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://d111.cloudfront.net/videos/v-1/hls/master.m3u8');
    expect(url.searchParams.get('Key-Pair-Id')).toBe('K2JCJMDEHXQW5F');
    const policy = fromCloudFrontBase64(url.searchParams.get('Policy')!);
    expect(JSON.parse(policy.toString('utf8'))).toEqual({
      Statement: [
        {
          Resource: 'https://d111.cloudfront.net/videos/v-1/hls/*',
          Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(expiresAt.getTime() / 1000) } },
        },
      ],
    });
    const verify = createVerify('RSA-SHA1').update(policy);
    expect(verify.verify(publicKey, fromCloudFrontBase64(url.searchParams.get('Signature')!))).toBe(true);
  });

  it('refuses a key outside the granted scope', async () => {
    await expect(
      signer.signedUrl({ key: 'videos/v-2/hls/master.m3u8', scopePrefix: 'videos/v-1/hls/', expiresAt: now }),
    ).rejects.toMatchObject({ errorType: 'ValidationError' });
  });
});
