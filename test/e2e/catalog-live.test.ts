import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-server';
import { configureAmplify, follow, signInAs, until, type AmplifyGraphQL } from '../support/amplify-node';

type Client = AmplifyGraphQL;
interface ProductUpdate {
  id: string;
  available: number;
  price: { amount: number };
  published: boolean;
}

const ON_PRODUCT = /* GraphQL */ `
  subscription OnProduct($id: ID) { onProductUpdated(id: $id) { id available published price { amount } } }`;

const collect = (client: Client, variables: Record<string, unknown>, authMode: 'apiKey' | 'userPool') => {
  const feed = follow<ProductUpdate>(client, 'onProductUpdated', { query: ON_PRODUCT, variables, authMode });
  return { ...feed, started: feed.ready };
};

describe('live catalog through the real aws-amplify client', () => {
  let server: TestServer;
  let client: Client;
  let sam: string;
  beforeAll(async () => {
    server = await startTestServer();
    sam = await server.token('sam', ['STAFF']);
    client = await configureAmplify(server.url);
  });
  afterAll(() => server.stop());

  it('pushes adjustStock to an anonymous onProductUpdated(id) subscriber, filtered by id', async () => {
    const mug = collect(client, { id: 'MUG-ARITA' }, 'apiKey');
    const tea = collect(client, { id: 'TEA-SENCHA-100' }, 'apiKey');
    await Promise.all([mug.started, tea.started]);

    signInAs(sam);
    const result = await client.graphql<{ adjustStock: { available: number } }>({
      query: `mutation { adjustStock(sku: "MUG-ARITA", delta: 4, reason: "received") { id available } }`,
      authMode: 'userPool',
    });
    expect(result.data.adjustStock.available).toBe(16);

    await until(() => mug.received.length > 0);
    expect(mug.received.at(-1)).toMatchObject({ id: 'MUG-ARITA', available: 16, published: true });
    expect(tea.received).toEqual([]);
    expect(mug.errors).toEqual([]);
    mug.stop();
    tea.stop();
  });

  it('does not push draft products to anonymous subscribers, but does to STAFF', async () => {
    signInAs(sam);
    const anon = collect(client, {}, 'apiKey');
    const staff = collect(client, {}, 'userPool');
    await Promise.all([anon.started, staff.started]);
    await client.graphql({
      query: `mutation { createProduct(input: { sku: "DRAFT-1", title: "下書き", price: { amount: 100, currency: "JPY" }, kind: PHYSICAL }) { id } }`,
      authMode: 'userPool',
    });
    await until(() => staff.received.some((p) => p.id === 'DRAFT-1'));
    await new Promise((r) => setTimeout(r, 200));
    expect(anon.received.some((p) => p.id === 'DRAFT-1')).toBe(false);

    await client.graphql({ query: `mutation { publishProduct(id: "DRAFT-1") { id } }`, authMode: 'userPool' });
    await until(() => anon.received.some((p) => p.id === 'DRAFT-1' && p.published));
    // Shoppers also hear that a product was withdrawn, so open pages can drop it.
    await client.graphql({ query: `mutation { unpublishProduct(id: "DRAFT-1") { id } }`, authMode: 'userPool' });
    await until(() => anon.received.some((p) => p.id === 'DRAFT-1' && !p.published));
    // A later change to the (now draft) product reaches staff only.
    await client.graphql({ query: `mutation { updateProduct(id: "DRAFT-1", input: { price: { amount: 150, currency: "JPY" } }) { id } }`, authMode: 'userPool' });
    await until(() => staff.received.some((p) => p.id === 'DRAFT-1' && p.price.amount === 150));
    await new Promise((r) => setTimeout(r, 200));
    expect(anon.received.some((p) => p.price.amount === 150)).toBe(false);
    anon.stop();
    staff.stop();
  });

  it('reports errors with errorType through the client', async () => {
    signInAs(await server.token('alice'));
    const failure = await client
      .graphql({
        query: `mutation { adjustStock(sku: "MUG-ARITA", delta: 1, reason: "x") { id } }`,
        authMode: 'userPool',
      })
      .then(
        () => undefined,
        (e: { errors?: { errorType?: string }[] }) => e,
      );
    expect(failure?.errors?.[0]?.errorType).toBe('Forbidden');
  });
});
