import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeAws, type AwsConfig } from '../../src/adapters/aws/compose';
import { dynamoStreamHandler, type DynamoStreamRecord } from '../../src/adapters/aws/lambda-dynamodb-stream';
import { webhookDeliveryHandler } from '../../src/adapters/aws/lambda-webhook-delivery';
import { executionNameFor } from '../../src/adapters/aws/sfn-webhook-outbox';
import { startReceiver } from '../contract/webhook-test-receiver';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const OUTBOX_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:marquee-warehouse-outbox';
const URL_ = 'https://warehouse.example/hooks/marquee';

/** An SFN client that records each command's name and input and answers StartExecution / ListExecutions. */
function recordingSfn() {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  const sfn = new SFNClient({ region: 'eu-west-1', credentials: { accessKeyId: 'A', secretAccessKey: 's' } });
  sfn.middlewareStack.add(
    (_next, context) => async (args) => {
      calls.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> });
      const output = context.commandName === 'StartExecutionCommand' ? { executionArn: 'arn:x', startDate: new Date() } : { executions: [] };
      return { output: { ...output, $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'recordSfn' },
  );
  return { sfn, calls };
}

const shipmentInstructed = (seq: number): DynamoStreamRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: String(seq),
    NewImage: {
      pk: { S: 'shipment-shp-o1' },
      sk: { N: '1' },
      posFirst: { N: String(seq) },
      events: {
        S: JSON.stringify([
          {
            type: 'ShipmentInstructed',
            data: {
              shipmentId: 'shp-o1',
              orderId: 'o1',
              customerId: 'c1',
              address: { name: 'Alice', line1: '1-2-3 Ginza', city: 'Tokyo', postalCode: '104-0061', country: 'JP' },
              lines: [{ sku: 'TEA-1', title: 'Matcha', quantity: 2 }],
            },
          },
        ]),
      },
      meta: { S: JSON.stringify({ at: '2026-11-25T12:00:00.000Z', actor: 'system:checkout' }) },
    },
  },
});

describe('AWS composition: the warehouse webhook outbox on Step Functions', () => {
  let dynamo: LocalDynamo;
  let config: AwsConfig;
  beforeAll(async () => {
    dynamo = await startDynalite();
    const tables = await dynamo.createTables();
    config = {
      region: 'eu-west-1',
      eventsTable: tables.events,
      readModelsTable: tables.readModels,
      stateMachines: {},
      schemaPath: join(import.meta.dirname, '../../schema.graphql'),
      settleTimeoutMs: 100,
    };
  });
  afterAll(async () => {
    await dynamo.close();
  });
  const compose = (c: AwsConfig, sfn: SFNClient) =>
    composeAws(c, { dynamo: dynamo.client, sfn, publisher: { publish: async () => {} } });

  it('without a URL: the fulfilment reactors only, and no dead letters', async () => {
    const { sfn, calls } = recordingSfn();
    const runtime = compose(config, sfn);
    expect(runtime.reactors.map((r) => r.name)).toEqual(['order-follows-shipment', 'shipment-follows-order']);
    expect(await runtime.services.fulfilment.deadLetters()).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('with a URL: the stream Lambda turns a ShipmentInstructed commit into one named StartExecution', async () => {
    const { sfn, calls } = recordingSfn();
    const runtime = compose({ ...config, warehouseWebhookUrl: URL_, warehouseOutboxArn: OUTBOX_ARN }, sfn);
    expect(runtime.reactors.map((r) => r.name)).toContain('warehouse-outbox');
    const stream = dynamoStreamHandler(() => runtime);
    expect(await stream({ Records: [shipmentInstructed(1)] })).toEqual({ batchItemFailures: [] });
    const starts = calls.filter((c) => c.command === 'StartExecutionCommand');
    expect(starts).toHaveLength(1);
    const { stateMachineArn, name, input } = starts[0]!.input as { stateMachineArn: string; name: string; input: string };
    expect(stateMachineArn).toBe(OUTBOX_ARN);
    expect(name).toBe(executionNameFor('shp-o1.instructed'));
    const delivery = JSON.parse(input) as { id: string; url: string; body: string };
    expect(delivery).toMatchObject({ id: 'shp-o1.instructed', url: URL_ });
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'shipment.instructed', shipmentId: 'shp-o1', orderId: 'o1' });

    await runtime.services.fulfilment.deadLetters();
    expect(calls.at(-1)).toEqual({
      command: 'ListExecutionsCommand',
      input: { stateMachineArn: OUTBOX_ARN, statusFilter: 'FAILED', nextToken: undefined },
    });
  });
});

describe('webhook delivery Lambda', () => {
  it('signs with the secret fetched once and throws on a refusal, for the machine to retry', async () => {
    const secret = 'whsec_lambda_test';
    const rx = await startReceiver(secret, (n) => (n === 2 ? 503 : 200));
    try {
      let fetched = 0;
      const handler = webhookDeliveryHandler(async () => (fetched++, secret));
      const post = { id: 'shp-1.instructed', url: rx.url, body: '{"shipmentId":"shp-1"}' };
      expect(await handler(post)).toEqual({ id: 'shp-1.instructed', status: 200 });
      await expect(handler(post)).rejects.toMatchObject({ name: 'WebhookDeliveryFailed' });
      expect(fetched).toBe(1);
      expect(rx.requests.map((r) => r.signature)).toEqual(['ok', 'ok']);
    } finally {
      await rx.close();
    }
  });
});
