import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSyncPublisher } from '../../src/adapters/aws/appsync-publisher';
import { publishSelectionSets } from '../../src/adapters/aws/appsync-selection-sets';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret/EXAMPLE', sessionToken: 'session-token' };
const region = 'eu-west-1';
const selectionSets = publishSelectionSets(readFileSync(join(import.meta.dirname, '../../schema.graphql'), 'utf8'));

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let url: string;
let received: Received[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: { data: {} } };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const publisher = () => new AppSyncPublisher({ url, region, credentials, selectionSets });
const product = { id: 'TSHIRT-1', sku: 'TSHIRT-1', title: 'T-shirt', price: { amount: 1200, currency: 'JPY' }, published: true };

describe('AppSync publisher', () => {
  it('derives full selection sets of the publish mutations from schema.graphql', () => {
    expect(Object.keys(selectionSets).sort()).toEqual([
      'publishOrderUpdated',
      'publishProductUpdated',
      'publishShipmentUpdated',
      'publishVideoUpdated',
    ]);
    expect(selectionSets.publishProductUpdated).toContain('price { amount currency }');
    expect(selectionSets.publishProductUpdated).toContain('available');
    expect(selectionSets.publishOrderUpdated).toMatch(/lines \{ sku title kind quantity unitPrice \{ amount currency \}/);
    expect(selectionSets.publishVideoUpdated).toContain('renditions { name width height bitrate }');
  });

  it('POSTs the publish mutation with the payload as an AWSJSON string, SigV4-signed for appsync', async () => {
    received = [];
    answer = { status: 200, body: { data: { publishProductUpdated: product } } };
    await publisher().publish('publishProductUpdated', product);

    expect(received).toHaveLength(1);
    const [req] = received as [Received];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/graphql');
    const body = JSON.parse(req.body) as { query: string; variables: { data: unknown } };
    expect(body.query).toMatch(/^mutation Publish\(\$data: AWSJSON!\) \{ publishProductUpdated\(data: \$data\) \{ id sku /);
    expect(typeof body.variables.data).toBe('string');
    expect(JSON.parse(body.variables.data as string)).toEqual(product);

    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-amz-security-token']).toBe('session-token');
    const amzDate = req.headers['x-amz-date'] as string;
    expect(amzDate).toMatch(/^\d{8}T\d{6}Z$/);
    const authorization = req.headers.authorization as string;
    expect(authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${amzDate.slice(0, 8)}/${region}/appsync/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date[^,]*, Signature=[0-9a-f]{64}$`),
    );

    // The signature is right: signing the received request again at its own date gives the same one.
    const signer = new SignatureV4({ service: 'appsync', region, credentials, sha256: Sha256 });
    const { hostname, port, pathname } = new URL(url);
    const again = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname,
        port: Number(port),
        path: pathname,
        headers: { 'content-type': 'application/json', accept: 'application/json', host: new URL(url).host },
        body: req.body,
      }),
      { signingDate: new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`) },
    );
    expect(again.headers.authorization).toBe(authorization);
  });

  it('takes credentials from a provider (the default chain in Lambda)', async () => {
    received = [];
    answer = { status: 200, body: { data: {} } };
    let calls = 0;
    const fromProvider = new AppSyncPublisher({
      url,
      region,
      selectionSets,
      credentials: async () => {
        calls++;
        return { accessKeyId: 'AKIDPROVIDER', secretAccessKey: 's' };
      },
    });
    await fromProvider.publish('publishProductUpdated', product);
    expect(calls).toBeGreaterThan(0);
    expect(received[0]!.headers.authorization).toContain('Credential=AKIDPROVIDER/');
  });

  it('fails loudly on GraphQL errors, HTTP errors and unknown mutations', async () => {
    answer = { status: 200, body: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access publishProductUpdated' }] } };
    await expect(publisher().publish('publishProductUpdated', product)).rejects.toThrow(/Unauthorized/);
    answer = { status: 403, body: { message: 'The security token included in the request is invalid' } };
    await expect(publisher().publish('publishProductUpdated', product)).rejects.toThrow(/403/);
    await expect(publisher().publish('publishNothing', product)).rejects.toThrow(/no selection set/);
  });
});
