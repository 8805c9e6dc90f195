/**
 * The AWS delivery path for outbound webhooks: one Standard Step Functions execution per
 * webhook, named after its idempotency key (names are unique per state machine for 90 days,
 * which makes StartExecution the idempotent "enqueue"). The single Deliver task is a Lambda
 * (createWebhookDeliveryTask) that signs and POSTs; Retry gives exponential backoff with
 * full jitter; an execution that fails after the last retry IS the dead letter
 * (ListExecutions statusFilter=FAILED), and RedriveExecution re-drives it from Deliver.
 * No Catch on purpose: catching would make a dead letter look SUCCEEDED.
 */
export interface WebhookDeliveryAslOptions {
  /** Attempts in total, the first one included (Retry MaxAttempts is this minus one). */
  readonly maxAttempts: number;
  readonly intervalSeconds: number;
  readonly maxDelaySeconds: number;
  /** Per-attempt timeout of the task, seconds. */
  readonly timeoutSeconds: number;
  /** Replaced by CDK with the delivery Lambda's ARN. */
  readonly resource?: string;
}

export const WEBHOOK_DELIVERY_FAILED = 'WebhookDeliveryFailed';
export const DELIVER_STATE = 'Deliver';

export function webhookDeliveryDefinition(options: WebhookDeliveryAslOptions) {
  return {
    Comment: 'Signed, retried delivery of one outbound webhook; a FAILED execution is a dead letter.',
    StartAt: DELIVER_STATE,
    States: {
      [DELIVER_STATE]: {
        Type: 'Task',
        Resource: options.resource ?? '${DeliverWebhookFunctionArn}',
        TimeoutSeconds: options.timeoutSeconds,
        Retry: [
          {
            ErrorEquals: ['States.ALL'],
            IntervalSeconds: options.intervalSeconds,
            BackoffRate: 2,
            MaxAttempts: Math.max(0, options.maxAttempts - 1),
            MaxDelaySeconds: options.maxDelaySeconds,
            JitterStrategy: 'FULL',
          },
        ],
        End: true,
      },
    },
  } as const;
}

export const DEFAULT_WEBHOOK_DELIVERY_ASL: WebhookDeliveryAslOptions = {
  maxAttempts: 8,
  intervalSeconds: 2,
  maxDelaySeconds: 900,
  timeoutSeconds: 30,
};
