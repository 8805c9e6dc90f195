import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-server';

const REQUEST = `mutation R($contentType: String!, $size: Int!) { requestImportUpload(contentType: $contentType, size: $size) { uploadUrl key expiresAt } }`;
const IMPORT = `mutation I($key: String!) { importCatalog(key: $key) { created updated unchanged failed errors { row message } } }`;

const CSV = [
  'sku,title,description,price,currency,category,kind,images,grantsVideoIds,stock,published',
  'IMP-TEE,"Tee, ""organic""",Soft,2500,JPY,apparel,PHYSICAL,tee.jpg,,40,true',
  'IMP-DRAFT,Draft item,,1200,JPY,apparel,PHYSICAL,,,,false',
  'IMP-BAD,No kind,,100,JPY,,,,,,',
].join('\n');

type Target = { requestImportUpload: { uploadUrl: string; key: string; expiresAt: string } };
type Result = { importCatalog: { created: number; updated: number; unchanged: number; failed: number; errors: { row: number; message: string }[] } };

describe('catalog import over the real server: signed upload, import, products visible', () => {
  let server: TestServer;
  let sam: string;
  let alice: string;
  beforeAll(async () => {
    server = await startTestServer({ MARQUEE_SEED: 'off' });
    sam = await server.token('sam', ['STAFF']);
    alice = await server.token('alice');
  });
  afterAll(() => server.stop());

  const upload = async (body: string, contentType = 'text/csv') => {
    const size = Buffer.byteLength(body);
    const target = await server.gql<Target>(REQUEST, { contentType, size }, sam);
    expect(target.errors).toBeUndefined();
    const { uploadUrl, key } = target.data!.requestImportUpload;
    const put = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': contentType }, body });
    expect(put.status).toBe(200);
    return key;
  };

  it('a SHOPPER may neither request an import upload nor run an import', async () => {
    const key = await upload(CSV);
    const target = await server.gql(REQUEST, { contentType: 'text/csv', size: 10 }, alice);
    expect(target.errors?.[0]?.errorType).toBe('Forbidden');
    const run = await server.gql(IMPORT, { key }, alice);
    expect(run.errors?.[0]?.errorType).toBe('Forbidden');
    const anonymous = await server.gql(IMPORT, { key });
    expect(anonymous.errors?.[0]?.errorType).toBe('Unauthorized');
    const total = await server.gql<{ products: { total: number } }>('{ products { total } }', {}, sam);
    expect(total.data!.products.total).toBe(0);
  });

  it('refuses other content types and keys that are not import uploads', async () => {
    const wrongType = await server.gql(REQUEST, { contentType: 'video/mp4', size: 10 }, sam);
    expect(wrongType.errors?.[0]?.errorType).toBe('ValidationError');
    const tooBig = await server.gql(REQUEST, { contentType: 'text/csv', size: 21 * 1024 * 1024 }, sam);
    expect(tooBig.errors?.[0]?.errorType).toBe('ValidationError');
    const notImport = await server.gql(IMPORT, { key: 'videos/x/source/y' }, sam);
    expect(notImport.errors?.[0]?.errorType).toBe('ValidationError');
  });

  it('imports a CSV: good rows land and are visible, the bad row is reported, a re-run changes nothing', async () => {
    const key = await upload(CSV);
    const first = await server.gql<Result>(IMPORT, { key }, sam);
    expect(first.errors).toBeUndefined();
    expect(first.data!.importCatalog).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      failed: 1,
      errors: [{ row: 4, message: 'IMP-BAD is a new product: it needs title, price, currency and kind' }],
    });
    const tee = await server.gql<{ product: { title: string; available: number; price: { amount: number } } }>(
      '{ product(id: "IMP-TEE") { title available price { amount } } }',
      {},
      alice,
    );
    expect(tee.data!.product).toEqual({ title: 'Tee, "organic"', available: 40, price: { amount: 2500 } });
    const draft = await server.gql<{ product: unknown }>('{ product(id: "IMP-DRAFT") { id } }', {}, alice);
    expect(draft.data!.product).toBeNull();

    const again = await server.gql<Result>(IMPORT, { key }, sam);
    expect(again.data!.importCatalog).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 1 });
  });

  it('imports JSON lines that update what exists', async () => {
    const jsonl = [
      JSON.stringify({ sku: 'IMP-DRAFT', published: true, stock: 3 }),
      JSON.stringify({ sku: 'IMP-TEE', price: { amount: 2200, currency: 'JPY' } }),
    ].join('\n');
    const key = await upload(jsonl, 'application/x-ndjson');
    const result = await server.gql<Result>(IMPORT, { key }, sam);
    expect(result.data!.importCatalog).toEqual({ created: 0, updated: 2, unchanged: 0, failed: 0, errors: [] });
    const list = await server.gql<{ products: { items: { sku: string; available: number; price: { amount: number } }[] } }>(
      '{ products(sort: PRICE_ASC) { items { sku available price { amount } } } }',
      {},
      alice,
    );
    expect(list.data!.products.items).toEqual([
      { sku: 'IMP-DRAFT', available: 3, price: { amount: 1200 } },
      { sku: 'IMP-TEE', available: 40, price: { amount: 2200 } },
    ]);
  });
});
