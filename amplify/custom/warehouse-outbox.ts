import { ArnFormat, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LambdaEnv } from '../../src/adapters/aws/lambda-env';
import { DEFAULT_WEBHOOK_DELIVERY_ASL, webhookDeliveryDefinition } from '../../src/adapters/aws/webhook-delivery-asl';
import { marqueeFunction } from '../functions/marquee-function';
import { allow } from './permissions';

export interface WarehouseOutboxProps {
  /** The external warehouse system's webhook endpoint. */
  readonly url: string;
  /** `{ "warehouse": "<HMAC secret>" }`, shared with the inbound webhook. */
  readonly secret: ISecret;
  /** lambda-webhook-delivery.ts */
  readonly entry: string;
}

/** Deploy-time switch: CDK context `marqueeWarehouseWebhookUrl` or MARQUEE_WAREHOUSE_WEBHOOK_URL; unset = no outbox. */
export const warehouseWebhookUrl = (scope: Construct): string | undefined => {
  const fromContext: unknown = scope.node.tryGetContext('marqueeWarehouseWebhookUrl');
  const url = typeof fromContext === 'string' ? fromContext : process.env.MARQUEE_WAREHOUSE_WEBHOOK_URL;
  return url || undefined;
};

/**
 * The warehouse webhook outbox on Step Functions (src/adapters/aws/sfn-webhook-outbox.ts): one
 * execution per delivery, named after its id; Retry is the backoff, a FAILED execution the dead
 * letter, RedriveExecution the re-drive. The name is fixed at synth so users get the ARN without
 * depending on the machine.
 */
export class WarehouseOutbox extends Construct {
  readonly machine: StateMachine;
  readonly deliverFunction: IFunction;
  readonly arn: string;
  readonly url: string;
  private readonly executions: string;

  constructor(scope: Construct, id: string, props: WarehouseOutboxProps) {
    super(scope, id);
    this.url = props.url;
    const stack = Stack.of(this);
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    const fn = marqueeFunction(this, 'DeliverWebhook', {
      entry: props.entry,
      description: 'Signs and POSTs one warehouse webhook (the outbox state machine retries it)',
      environment: { [LambdaEnv.webhookSecretArn]: props.secret.secretArn },
      timeout: Duration.seconds(DEFAULT_WEBHOOK_DELIVERY_ASL.timeoutSeconds),
    });
    allow(fn, ['secretsmanager:GetSecretValue'], [props.secret.secretArn]);
    this.deliverFunction = fn;
    this.machine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(webhookDeliveryDefinition(DEFAULT_WEBHOOK_DELIVERY_ASL))),
      definitionSubstitutions: { DeliverWebhookFunctionArn: fn.functionArn },
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
        level: LogLevel.ERROR,
        includeExecutionData: false,
      },
    });
    fn.grantInvoke(this.machine);
    const arn = (resource: string, name: string) =>
      stack.formatArn({ service: 'states', resource, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.arn = arn('stateMachine', stateMachineName);
    this.executions = arn('execution', `${stateMachineName}:*`);
  }

  /** The stream Lambda's warehouse reactor enqueues deliveries. */
  allowEnqueue(grantee: IGrantable) {
    allow(grantee, ['states:StartExecution'], [this.arn]);
  }

  /** STAFF's dead letters and re-drive (the resolver Lambda). */
  allowInspect(grantee: IGrantable) {
    allow(grantee, ['states:ListExecutions'], [this.arn]);
    allow(grantee, ['states:DescribeExecution', 'states:GetExecutionHistory', 'states:RedriveExecution'], [this.executions]);
  }
}
