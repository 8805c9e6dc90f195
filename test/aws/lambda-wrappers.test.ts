import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import { composeAws, type AwsRuntime } from '../../src/adapters/aws/compose';
import { appSyncResolverHandler, identityOf, type AppSyncResolverEvent } from '../../src/adapters/aws/lambda-appsync';
import {
  dynamoStreamHandler,
  storedEventsOf,
  type DynamoStreamEvent,
  type DynamoStreamRecord,
} from '../../src/adapters/aws/lambda-dynamodb-stream';
import { s3UploadHandler } from '../../src/adapters/aws/lambda-s3-upload';
import { sfnTaskHandler } from '../../src/adapters/aws/lambda-sfn-task';
import type { Workflows } from '../../src/ports/workflows';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as T;

const createProductEvent = fixture<AppSyncResolverEvent>('appsync-createProduct.json');
const productsByApiKey = fixture<AppSyncResolverEvent>('appsync-products-apikey.json');
const counterRecord = fixture<DynamoStreamRecord>('dynamodb-stream-counter.json');

/** The same request as another caller (AppSync hands the resolver a different identity). */
const as = (event: AppSyncResolverEvent, identity: AppSyncResolverEvent['identity']): AppSyncResolverEvent => ({
  ...event,
  identity,
});
const call = (field: string, args: Record<string, unknown>, identity: AppSyncResolverEvent['identity']) => {
  const [parentTypeName, fieldName] = field.split('.') as [string, string];
  return { arguments: args, identity, source: null, info: { parentTypeName, fieldName } } satisfies AppSyncResolverEvent;
};
const staff = createProductEvent.identity;
const shopper = {
  sub: 'a11ce000-0000-4000-8000-000000000001',
  username: 'alice',
  groups: null,
  claims: { sub: 'a11ce000-0000-4000-8000-000000000001', username: 'alice', token_use: 'access' },
};

let dynamo: LocalDynamo;
let runtime: AwsRuntime;
const published: { mutation: string; payload: Record<string, unknown> }[] = [];
const started: { machine: string; name: string; input: object }[] = [];
let pump: ReturnType<typeof setInterval> | undefined;
const delivered = new Set<string>();
let tableNames: { events: string; readModels: string };
let sequence = 0;
type NewImage = NonNullable<DynamoStreamRecord['dynamodb']>['NewImage'];

/**
 * DynamoDB Streams stand-in (dynalite has none): new commit items become INSERT records with the
 * item as NEW_IMAGE, the position counter a MODIFY record, delivered to the stream Lambda wrapper.
 */
async function pumpStream(handler: (e: DynamoStreamEvent) => Promise<unknown>) {
  const scan = await dynamo.client.send(new ScanCommand({ TableName: tableNames.events, ConsistentRead: true }));
  const records: DynamoStreamRecord[] = [];
  const items = (scan.Items ?? []) as Record<string, AttributeValue>[];
  items.sort((a, b) => Number(a.pos?.N ?? 0) - Number(b.pos?.N ?? 0));
  for (const item of items) {
    const key = `${item.pk?.S}/${item.sk?.N}`;
    const isCounter = item.pk?.S === '$position';
    if (!isCounter && delivered.has(key)) continue;
    delivered.add(key);
    records.push({
      eventID: `e${++sequence}`,
      eventName: isCounter ? 'MODIFY' : 'INSERT',
      dynamodb: { SequenceNumber: String(sequence).padStart(21, '0'), NewImage: item as NewImage },
    });
  }
  if (records.length > 0) await handler({ Records: records });
}

beforeAll(async () => {
  dynamo = await startDynalite();
  tableNames = await dynamo.createTables();
  const workflows: Workflows = {
    start: async (machine, name, input) => {
      const first = !started.some((s) => s.machine === machine && s.name === name);
      if (first) started.push({ machine, name, input });
      return { started: first };
    },
    describe: async () => undefined,
    history: async () => [],
    waitFor: async () => {
      throw new Error('not used');
    },
  };
  runtime = composeAws(
    {
      region: 'local',
      eventsTable: tableNames.events,
      readModelsTable: tableNames.readModels,
      stateMachines: {},
      schemaPath: join(import.meta.dirname, '../../schema.graphql'),
      settleTimeoutMs: 10_000,
    },
    {
      dynamo: dynamo.client,
      workflows,
      publisher: { publish: async (mutation, payload) => void published.push({ mutation, payload }) },
    },
  );
  const stream = dynamoStreamHandler(() => runtime);
  let busy = false;
  pump = setInterval(() => {
    if (busy) return;
    busy = true;
    pumpStream(stream)
      .catch((error: unknown) => console.error('stream pump', error))
      .finally(() => (busy = false));
  }, 25);
}, 60_000);

afterAll(async () => {
  if (pump) clearInterval(pump);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await dynamo?.close();
});

describe('AppSync resolver Lambda wrapper on the DynamoDB adapters (dynalite)', () => {
  const resolve = () => appSyncResolverHandler(() => runtime.services);

  it('maps AppSync identities to the resolver map identity', () => {
    expect(identityOf(staff)).toEqual({
      kind: 'user',
      sub: '6b1e1c2a-7d7c-4a36-9f7f-1d1f0f5a0001',
      username: 'sam',
      groups: ['STAFF'],
    });
    expect(identityOf(shopper)).toMatchObject({ kind: 'user', username: 'alice', groups: [] });
    expect(identityOf({ sub: 's', username: '', claims: { 'cognito:username': 'u', 'cognito:groups': ['WAREHOUSE'] } })).toEqual({
      kind: 'user',
      sub: 's',
      username: 'u',
      groups: ['WAREHOUSE'],
    });
    expect(identityOf(null)).toEqual({ kind: 'anonymous' });
    expect(identityOf({ accountId: '123456789012', userArn: 'arn:aws:sts::123456789012:assumed-role/r/projector' })).toEqual({
      kind: 'iam',
    });
  });

  it('Mutation.createProduct (recorded STAFF event) appends, the stream projects, and the product comes back', async () => {
    const result = await resolve()(createProductEvent);
    expect(result).toEqual({
      data: expect.objectContaining({
        id: 'AWS-TEE-1',
        sku: 'AWS-TEE-1',
        title: 'Serverless tee',
        price: { amount: 2500, currency: 'JPY' },
        kind: 'PHYSICAL',
        images: [],
        published: false,
        available: 0,
      }),
    });
    expect(published).toContainEqual({ mutation: 'publishProductUpdated', payload: expect.objectContaining({ sku: 'AWS-TEE-1' }) });
  });

  it('Query.products (recorded API-key event) shows only published products; STAFF also sees drafts', async () => {
    expect(await resolve()(productsByApiKey)).toEqual({ data: expect.objectContaining({ items: [], total: 0 }) });
    const asStaff = await resolve()(as(productsByApiKey, staff));
    expect(asStaff).toEqual({ data: expect.objectContaining({ items: [expect.objectContaining({ sku: 'AWS-TEE-1' })] }) });

    await resolve()(call('Mutation.publishProduct', { id: 'AWS-TEE-1' }, staff));
    await resolve()(call('Mutation.adjustStock', { sku: 'AWS-TEE-1', delta: 5, reason: 'received' }, staff));
    const anonymous = await resolve()(productsByApiKey);
    expect(anonymous).toEqual({
      data: expect.objectContaining({ items: [expect.objectContaining({ sku: 'AWS-TEE-1', published: true, available: 5 })] }),
    });
    expect(await resolve()(call('Query.product', { id: 'AWS-TEE-1' }, null))).toEqual({
      data: expect.objectContaining({ available: 5 }),
    });
  });

  it('returns { error: { errorType, message } } for rejected requests, for the response code to raise', async () => {
    const shopperCreate = await resolve()(as(createProductEvent, shopper));
    expect(shopperCreate).toEqual({ error: expect.objectContaining({ errorType: 'Forbidden' }) });
    const anonymousCreate = await resolve()(as(createProductEvent, null));
    expect(anonymousCreate).toEqual({ error: expect.objectContaining({ errorType: 'Unauthorized' }) });
    const duplicate = await resolve()(createProductEvent);
    expect(duplicate).toEqual({ error: expect.objectContaining({ errorType: 'Conflict' }) });
    const invalid = await resolve()({
      ...createProductEvent,
      arguments: { input: { ...(createProductEvent.arguments!.input as object), sku: 'NEW-1', price: { amount: -1, currency: 'JPY' } } },
    });
    expect(invalid).toEqual({ error: expect.objectContaining({ errorType: 'ValidationError' }) });
    expect(await resolve()(call('Query.nothing', {}, null))).toEqual({
      error: { errorType: 'InternalError', message: 'no resolver for Query.nothing' },
    });
    expect(await resolve()(call('Query.product', { id: 'NOPE' }, null))).toEqual({ data: null });
  });
});

describe('DynamoDB stream Lambda wrapper', () => {
  it('turns a commit item into its stored events and skips the position counter', () => {
    expect(storedEventsOf(counterRecord)).toEqual([]);
    const commit: DynamoStreamRecord = {
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '1',
        NewImage: {
          pk: { S: 'product-X' },
          sk: { N: '3' },
          last: { N: '4' },
          posFirst: { N: '10' },
          pos: { N: '11' },
          events: { S: JSON.stringify([{ type: 'A', data: { a: 1 } }, { type: 'B', data: {} }]) },
          meta: { S: JSON.stringify({ at: '2026-11-25T00:00:00.000Z', actor: 'user:1' }) },
        },
      },
    };
    expect(storedEventsOf(commit)).toEqual([
      { streamId: 'product-X', version: 3, position: 10, type: 'A', v: 1, data: { a: 1 }, meta: { at: '2026-11-25T00:00:00.000Z', actor: 'user:1' } },
      { streamId: 'product-X', version: 4, position: 11, type: 'B', v: 1, data: {}, meta: { at: '2026-11-25T00:00:00.000Z', actor: 'user:1' } },
    ]);
    expect(storedEventsOf({ ...commit, eventName: 'REMOVE' })).toEqual([]);
  });

  it('reports the first failing commit as the batch item failure, so Lambda retries from there', async () => {
    const handled: string[] = [];
    const projector = {
      handle: async (events: readonly { streamId: string }[]) => {
        if (events[0]!.streamId === 'product-BAD') throw new Error('boom');
        handled.push(events[0]!.streamId);
      },
    };
    const record = (streamId: string, seq: string): DynamoStreamRecord => ({
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: seq,
        NewImage: {
          pk: { S: streamId },
          sk: { N: '1' },
          posFirst: { N: seq },
          events: { S: '[{"type":"T","data":{}}]' },
          meta: { S: '{"at":"2026-11-25T00:00:00.000Z"}' },
        },
      },
    });
    const reacted: string[] = [];
    const reactor = { name: 'r', react: async (events: readonly { streamId: string }[]) => void reacted.push(events[0]!.streamId) };
    const handler = dynamoStreamHandler(() => ({ projector: projector as never, reactors: [reactor as never] }));
    const result = await handler({
      Records: [counterRecord, record('product-A', '1'), record('product-BAD', '2'), record('product-C', '3')],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
    expect(handled).toEqual(['product-A']);
    expect(reacted).toEqual(['product-A']);
    expect(await handler({ Records: [record('product-C', '3')] })).toEqual({ batchItemFailures: [] });
  });
});

describe('Step Functions task and S3 upload wrappers', () => {
  it('runs the task its placeholder names and renames errors for Retry/Catch', async () => {
    const tasks = {
      ReserveStockFunctionArn: async (input: unknown) => ({ reserved: true, input }),
      AuthorizePaymentFunctionArn: async () => {
        throw new DomainError('PaymentDeclined', 'card declined');
      },
    };
    expect(await sfnTaskHandler(() => tasks, () => 'ReserveStockFunctionArn')({ orderId: 'o1' })).toEqual({
      reserved: true,
      input: { orderId: 'o1' },
    });
    const failure = await sfnTaskHandler(() => tasks, () => 'AuthorizePaymentFunctionArn')({}).catch((e: Error) => e);
    expect(failure).toMatchObject({ name: 'PaymentDeclined', message: 'card declined' });
    await expect(sfnTaskHandler(() => tasks, () => 'NopeFunctionArn')({})).rejects.toThrow(/no task handler NopeFunctionArn/);
    await expect(sfnTaskHandler(() => tasks, () => undefined)({})).rejects.toThrow(/MARQUEE_TASK_HANDLER/);
  });

  it('starts one ingest per uploaded video source, named after the upload; ignores other keys', async () => {
    const handler = s3UploadHandler(() => runtime.workflows);
    const event = (key: string) => ({
      'detail-type': 'Object Created',
      detail: { bucket: { name: 'uploads' }, object: { key, size: 1234 } },
    });
    const name = 'ingest-v-1-u1';
    expect(await handler(event('videos/v-1/source/u1'))).toEqual({ started: true, executionName: name });
    expect(await handler(event('videos/v-1/source/u1'))).toEqual({ started: false, executionName: name });
    expect(await handler(event('imports/catalog.csv'))).toEqual({ started: false });
    expect(await handler(event('videos/v-1/hls/master.m3u8'))).toEqual({ started: false });
    expect(started).toEqual([
      { machine: 'video-ingest', name, input: { videoId: 'v-1', sourceKey: 'videos/v-1/source/u1', size: 1234 } },
    ]);
  });
});
