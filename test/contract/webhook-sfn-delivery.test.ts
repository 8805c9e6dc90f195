import '../../src/adapters/local/promise-with-resolvers';
import { SFNClient } from '@aws-sdk/client-sfn';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterEach, describe, expect, it } from 'vitest';
import { DELIVER_STATE, webhookDeliveryDefinition } from '../../src/adapters/aws/webhook-delivery-asl';
import { createWebhookDeliveryTask } from '../../src/adapters/aws/webhook-delivery-task';
import { executionNameFor, SfnWebhookOutbox } from '../../src/adapters/aws/sfn-webhook-outbox';
import { startFakeSfn } from './webhook-fake-sfn';
import { startReceiver } from './webhook-test-receiver';

const secret = 'whsec_sfn_test';
const definition = webhookDeliveryDefinition({
  maxAttempts: 3,
  intervalSeconds: 1,
  maxDelaySeconds: 10,
  timeoutSeconds: 5,
  resource: 'arn:aws:lambda:local-1:000000000000:function:deliver-webhook',
}) as unknown as StateMachineDefinition;
const deliver = createWebhookDeliveryTask({ secret, timeoutMs: 2_000 });
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(answer: (n: number) => number) {
  const r = await startReceiver(secret, answer);
  closers.push(r.close);
  return r;
}

describe('AWS delivery definition (Step Functions Retry), run with the local ASL interpreter', () => {
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const run = (input: unknown) =>
    machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: { [DELIVER_STATE]: deliver as never }, retryIntervalOverrides: { [DELIVER_STATE]: 0 } },
    }).result;

  it('retries a failing receiver and succeeds on the third attempt', async () => {
    const rx = await receiver((n) => (n <= 2 ? 500 : 200));
    const out = await run({ id: 's1.instructed', url: rx.url, body: '{"shipmentId":"s1"}' });
    expect(out).toEqual({ id: 's1.instructed', status: 200 });
    expect(rx.requests).toHaveLength(3);
    expect(rx.requests.every((r) => r.signature === 'ok' && r.headers['idempotency-key'] === 's1.instructed')).toBe(true);
  });

  it('fails the execution (the dead letter) after maxAttempts', async () => {
    const rx = await receiver(() => 500);
    const failure = await run({ id: 'x', url: rx.url, body: '{}' }).then(
      () => undefined,
      (e: Error) => e.cause as Error,
    );
    expect(failure?.name).toBe('WebhookDeliveryFailed');
    expect(rx.requests).toHaveLength(3);
  });

  it('declares exponential backoff with full jitter and no Catch', () => {
    const state = definition.States[DELIVER_STATE] as unknown as Record<string, unknown>;
    expect(state.Retry).toEqual([
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2, MaxDelaySeconds: 10, JitterStrategy: 'FULL' },
    ]);
    expect(state.Catch).toBeUndefined();
  });
});

describe('SfnWebhookOutbox through the real SDK client against a loopback Step Functions stand-in', () => {
  async function setup(answer: (n: number) => number) {
    const rx = await receiver(answer);
    const sfn = await startFakeSfn(definition, DELIVER_STATE, deliver as (input: unknown) => Promise<unknown>);
    closers.push(sfn.close);
    const client = new SFNClient({
      region: 'local-1',
      endpoint: sfn.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    closers.push(async () => client.destroy());
    return { rx, sfn, outbox: new SfnWebhookOutbox(client, sfn.stateMachineArn) };
  }

  it('enqueue is idempotent on the id and delivers once', async () => {
    const { rx, sfn, outbox } = await setup(() => 200);
    const webhook = { id: 's1.instructed', url: rx.url, body: { shipmentId: 's1' } };
    expect(await outbox.enqueue(webhook)).toBe(true);
    await sfn.settle();
    expect(await outbox.enqueue(webhook)).toBe(false);
    await sfn.settle();
    expect(rx.requests).toHaveLength(1);
    expect(await outbox.get('s1.instructed')).toMatchObject({ status: 'DELIVERED', attempts: 1, body: '{"shipmentId":"s1"}' });
    expect(await outbox.get('never-enqueued')).toBeUndefined();
  });

  it('lists a failed delivery as a dead letter and re-drives it', async () => {
    let healthy = false;
    const { rx, sfn, outbox } = await setup(() => (healthy ? 200 : 500));
    await outbox.enqueue({ id: 's2.instructed', url: rx.url, body: { shipmentId: 's2' } });
    await sfn.settle();
    const [letter, ...others] = await outbox.deadLetters();
    expect(others).toHaveLength(0);
    expect(letter).toMatchObject({ id: 's2.instructed', status: 'DEAD', attempts: 3, lastError: expect.stringMatching(/HTTP 500/) });

    healthy = true;
    await outbox.redrive('s2.instructed');
    await sfn.settle();
    expect(await outbox.get('s2.instructed')).toMatchObject({ status: 'DELIVERED' });
    expect(await outbox.deadLetters()).toEqual([]);
    expect(rx.requests).toHaveLength(4);
    await expect(outbox.redrive('s2.instructed')).rejects.toMatchObject({ errorType: 'NotFound' });
  });

  it('maps any id to a valid, distinct execution name', () => {
    const a = executionNameFor('shipment/1.instructed');
    const b = executionNameFor('shipment_1.instructed');
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(a).not.toBe(b);
    expect(executionNameFor('x'.repeat(256))).toHaveLength(79);
  });
});
