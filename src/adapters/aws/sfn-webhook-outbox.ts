import { createHash } from 'node:crypto';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { notFound, validation } from '../../domain/errors';
import type { OutboundWebhook, OutboundWebhooks, WebhookDelivery, WebhookDeliveryStatus } from '../../ports/outbound-webhooks';

const MAX_ID = 256;
const MAX_BODY = 200 * 1024; // Step Functions input limit is 256 KiB including the envelope
const DEAD_LETTER_PAGE_LIMIT = 10;

/**
 * Execution names allow 1-80 of [A-Za-z0-9_-]; ids are mapped deterministically to a readable
 * prefix plus a hash of the whole id, so two ids never share a name.
 */
export function executionNameFor(id: string): string {
  const readable = id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 38);
  const digest = createHash('sha256').update(id).digest('hex').slice(0, 40);
  return `${readable}-${digest}`;
}

export const executionArnFor = (stateMachineArn: string, name: string) =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

const STATUS: Readonly<Record<string, WebhookDeliveryStatus>> = {
  RUNNING: 'PENDING',
  PENDING_REDRIVE: 'PENDING',
  SUCCEEDED: 'DELIVERED',
  FAILED: 'DEAD',
  TIMED_OUT: 'DEAD',
  ABORTED: 'DEAD',
};

interface DeliveryInput {
  id: string;
  url: string;
  body: string;
}

/**
 * OutboundWebhooks on AWS Step Functions (see webhook-delivery-asl.ts): enqueue starts a named
 * execution, the dead letters are the FAILED executions, redrive is RedriveExecution.
 * Note: StartExecution repeated with the same name and input while the first is still RUNNING
 * succeeds without starting anything, so enqueue then answers true for a repeat; it never
 * starts a second delivery.
 */
export class SfnWebhookOutbox implements OutboundWebhooks {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async enqueue(webhook: OutboundWebhook): Promise<boolean> {
    if (typeof webhook.id !== 'string' || webhook.id.length === 0 || webhook.id.length > MAX_ID)
      throw validation(`webhook id must be 1-${MAX_ID} characters`, { field: 'id' });
    if (!/^https?:\/\//.test(webhook.url)) throw validation('webhook url must be an absolute http(s) URL', { field: 'url' });
    const body = JSON.stringify(webhook.body);
    if (Buffer.byteLength(body) > MAX_BODY) throw validation(`webhook body must be at most ${MAX_BODY} bytes`, { field: 'body' });
    const input: DeliveryInput = { id: webhook.id, url: webhook.url, body };
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionNameFor(webhook.id),
          input: JSON.stringify(input),
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof Error && e.name === 'ExecutionAlreadyExists') return false;
      throw e;
    }
  }

  async get(id: string): Promise<WebhookDelivery | undefined> {
    return this.describe(executionArnFor(this.stateMachineArn, executionNameFor(id)));
  }

  async deadLetters(): Promise<WebhookDelivery[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < DEAD_LETTER_PAGE_LIMIT; page++) {
      const out = await this.client.send(
        new ListExecutionsCommand({ stateMachineArn: this.stateMachineArn, statusFilter: 'FAILED', nextToken }),
      );
      for (const e of out.executions ?? []) if (e.executionArn) arns.push(e.executionArn);
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    const deliveries = await Promise.all(arns.map((arn) => this.describe(arn)));
    return deliveries
      .filter((d): d is WebhookDelivery => d !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async redrive(id: string): Promise<void> {
    const current = await this.get(id);
    if (!current || current.status !== 'DEAD') throw notFound(`no dead letter ${id}`);
    await this.client.send(
      new RedriveExecutionCommand({ executionArn: executionArnFor(this.stateMachineArn, executionNameFor(id)) }),
    );
  }

  private async describe(executionArn: string): Promise<WebhookDelivery | undefined> {
    let out: DescribeExecutionCommandOutput;
    try {
      out = await this.client.send(new DescribeExecutionCommand({ executionArn }));
    } catch (e) {
      if (e instanceof Error && e.name === 'ExecutionDoesNotExist') return undefined;
      throw e;
    }
    const input = JSON.parse(out.input ?? '{}') as Partial<DeliveryInput>;
    const status = STATUS[out.status ?? ''] ?? 'PENDING';
    const lastError = status === 'DEAD' ? (out.cause ?? out.error) : undefined;
    return {
      id: input.id ?? '',
      url: input.url ?? '',
      body: input.body ?? '',
      status,
      attempts: await this.attempts(executionArn),
      ...(lastError ? { lastError } : {}),
      createdAt: (out.startDate ?? new Date(0)).toISOString(),
      ...(status === 'DELIVERED' && out.stopDate ? { deliveredAt: out.stopDate.toISOString() } : {}),
    };
  }

  /** Attempts made, counted from the execution history (each retry schedules the task again). */
  private async attempts(executionArn: string): Promise<number> {
    let count = 0;
    let nextToken: string | undefined;
    do {
      const out = await this.client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
      for (const e of out.events ?? []) if (e.type === 'TaskScheduled' || e.type === 'LambdaFunctionScheduled') count++;
      nextToken = out.nextToken;
    } while (nextToken);
    return count;
  }
}
