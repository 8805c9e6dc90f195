import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-server';

const CREATE = `mutation Create($input: CreateProductInput!) { createProduct(input: $input) { id sku title published available } }`;
const input = (sku: string) => ({ sku, title: 'テスト商品', price: { amount: 500, currency: 'JPY' }, kind: 'PHYSICAL' });

describe('catalog over GraphQL: auth, validation, nothing changes on refusal', () => {
  let server: TestServer;
  let sam: string;
  let alice: string;
  beforeAll(async () => {
    server = await startTestServer({ MARQUEE_SEED: 'off' });
    sam = await server.token('sam', ['STAFF']);
    alice = await server.token('alice');
  });
  afterAll(() => server.stop());

  const count = async () =>
    (await server.gql<{ products: { total: number } }>('{ products(limit: 100) { total } }', {}, sam)).data!.products.total;

  it('anonymous (API key) may browse but not mutate', async () => {
    const res = await server.gql(CREATE, { input: input('ANON-1') });
    expect(res.errors?.[0]?.errorType).toBe('Unauthorized');
    expect(await count()).toBe(0);
  });

  it('a request without credentials is Unauthorized', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', body: JSON.stringify({ query: '{ products { total } }' }) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { errorType: string }[] }).errors[0]!.errorType).toBe('Unauthorized');
  });

  it('a forged token is Unauthorized', async () => {
    const forged = sam.slice(0, -4) + (sam.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const res = await server.gql('{ products { total } }', {}, forged);
    expect(res.errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it('a SHOPPER cannot createProduct', async () => {
    const res = await server.gql(CREATE, { input: input('SHOP-1') }, alice);
    expect(res.errors?.[0]).toMatchObject({ errorType: 'Forbidden' });
    expect(await count()).toBe(0);
  });

  it('bad input is a ValidationError and changes nothing', async () => {
    const res = await server.gql(CREATE, { input: { ...input('BAD-1'), price: { amount: -5, currency: 'JPY' } } }, sam);
    expect(res.errors?.[0]).toMatchObject({ errorType: 'ValidationError' });
    expect(res.errors?.[0]?.message).toMatch(/price/);
    const malformed = await server.gql('{ products { nope } }', {}, sam);
    expect(malformed.errors?.[0]?.errorType).toBe('ValidationError');
    expect(await count()).toBe(0);
  });

  it('STAFF creates, publishes and restocks; drafts are hidden from shoppers', async () => {
    const created = await server.gql<{ createProduct: { published: boolean; available: number } }>(CREATE, { input: input('GOOD-1') }, sam);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createProduct).toMatchObject({ published: false, available: 0 });
    const hidden = await server.gql<{ product: unknown }>('{ product(id: "GOOD-1") { id } }', {}, alice);
    expect(hidden.data!.product).toBeNull();

    const dup = await server.gql(CREATE, { input: input('GOOD-1') }, sam);
    expect(dup.errors?.[0]?.errorType).toBe('Conflict');

    await server.gql('mutation { publishProduct(id: "GOOD-1") { id } }', {}, sam);
    const stocked = await server.gql<{ adjustStock: { available: number } }>(
      'mutation { adjustStock(sku: "GOOD-1", delta: 7, reason: "received") { available } }',
      {},
      sam,
    );
    expect(stocked.data!.adjustStock.available).toBe(7);
    const below = await server.gql('mutation { adjustStock(sku: "GOOD-1", delta: -8, reason: "count") { available } }', {}, sam);
    expect(below.errors?.[0]?.errorType).toBe('ValidationError');
    const visible = await server.gql<{ product: { available: number } }>('{ product(id: "GOOD-1") { available } }');
    expect(visible.data!.product.available).toBe(7);
  });

  it('unknown sku for adjustStock is NotFound', async () => {
    const res = await server.gql('mutation { adjustStock(sku: "NOPE", delta: 1, reason: "x") { id } }', {}, sam);
    expect(res.errors?.[0]?.errorType).toBe('NotFound');
  });

  it('the internal publish mutations are IAM-only', async () => {
    const res = await server.gql('mutation { publishProductUpdated(data: "{}") { id } }', {}, sam);
    expect(res.errors?.[0]?.errorType).toBe('Unauthorized');
  });
});
