import { join } from 'node:path';
import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LambdaEnv } from '../../src/adapters/aws/lambda-env';
import { MarqueeApi } from '../data/api';
import { marqueeFunction } from '../functions/marquee-function';
import { awsAdaptersDir, schemaPath } from '../paths';
import { readAslDir } from './asl-scan';
import { Mail } from './mail';
import { Media } from './media';
import { EVENT_STORE_ACTIONS, READ_MODEL_READ_ACTIONS, allow, allowTable } from './permissions';
import { Projector } from './projector';
import { Secrets } from './secrets';
import { StateMachines } from './state-machines';
import { createTables } from './tables';
import { WarehouseOutbox, warehouseWebhookUrl } from './warehouse-outbox';

export interface MarqueeProps {
  readonly userPool: IUserPool;
  readonly uploadBucket: IBucket;
  /** `Type.field` keys of the resolver map. */
  readonly resolverFields: readonly string[];
  readonly stateMachinesDir: string;
}

const entry = (name: string) => join(awsAdaptersDir, name);

/**
 * Everything of Marquee that Amplify's own constructs do not cover: the event log and read
 * models, AppSync over schema.graphql, the resolver / projector / task Lambdas, the state
 * machines, media processing and delivery, and the secrets.
 */
export class Marquee extends Construct {
  readonly api: MarqueeApi;
  readonly tables: ReturnType<typeof createTables>;
  readonly resolverFunction: IFunction;
  readonly projector: Projector;
  readonly stateMachines: StateMachines;
  readonly taskFunctions = new Map<string, IFunction>();
  readonly media: Media;
  readonly secrets: Secrets;
  readonly mail: Mail;
  /** Only when a warehouse webhook URL is given at deploy time. */
  readonly warehouseOutbox?: WarehouseOutbox;

  constructor(scope: Construct, id: string, props: MarqueeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.tables = createTables(this);
    this.secrets = new Secrets(this, 'Secrets');
    this.media = new Media(this, 'Media', { uploadBucket: props.uploadBucket });
    this.mail = new Mail(this, 'Mail', { userPool: props.userPool, markerTable: this.tables.readModels });
    const webhookUrl = warehouseWebhookUrl(this);
    if (webhookUrl) {
      this.warehouseOutbox = new WarehouseOutbox(this, 'WarehouseOutbox', {
        url: webhookUrl,
        secret: this.secrets.webhooks,
        entry: entry('lambda-webhook-delivery.ts'),
      });
    }
    const outbox = this.warehouseOutbox;
    const outboxEnv: Record<string, string> = outbox
      ? { [LambdaEnv.warehouseWebhookUrl]: outbox.url, [LambdaEnv.warehouseOutboxArn]: outbox.arn }
      : {};

    const aslFiles = readAslDir(props.stateMachinesDir);
    // Known before the machines exist: ARNs are built from fixed names (see StateMachines).
    const machineArns: Record<string, string> = {};

    const dataEnv = {
      [LambdaEnv.eventsTable]: this.tables.events.tableName,
      [LambdaEnv.readModelsTable]: this.tables.readModels.tableName,
    };
    const appEnv = () => ({
      ...dataEnv,
      [LambdaEnv.stateMachines]: Lazy.string({ produce: () => stack.toJsonString(machineArns) }),
      [LambdaEnv.uploadBucket]: props.uploadBucket.bucketName,
      [LambdaEnv.mediaBucket]: this.media.bucket.bucketName,
      [LambdaEnv.mediaDomain]: this.media.domainName,
      [LambdaEnv.cloudFrontKeyPairId]: this.media.publicKeyId,
      [LambdaEnv.cloudFrontPrivateKeySecretArn]: this.secrets.cloudFrontPrivateKey.secretArn,
      [LambdaEnv.stripeSecretArn]: this.secrets.stripe.secretArn,
      [LambdaEnv.webhookSecretArn]: this.secrets.webhooks.secretArn,
      [LambdaEnv.mediaConvertRoleArn]: this.media.mediaConvertRole.roleArn,
      [LambdaEnv.mailFrom]: this.mail.from,
      [LambdaEnv.userPoolId]: props.userPool.userPoolId,
      ...outboxEnv,
    });
    const env = appEnv();

    const resolverFunction = marqueeFunction(this, 'ResolverFunction', {
      entry: entry('lambda-appsync.ts'),
      description: 'AppSync resolver map (src/api/resolvers) over src/app',
      environment: env,
      timeout: Duration.seconds(29),
      memorySize: 1024,
    });
    this.resolverFunction = resolverFunction;
    this.allowApp(resolverFunction);

    this.api = new MarqueeApi(this, 'Data', {
      schemaPath,
      userPool: props.userPool,
      resolverFields: props.resolverFields,
      resolverFunction,
    });

    this.projector = new Projector(this, 'Projector', {
      events: this.tables.events,
      readModels: this.tables.readModels,
      graphqlUrl: this.api.api.graphqlUrl,
      publishFieldArns: this.api.publishFieldArns(),
      entry: entry('lambda-dynamodb-stream.ts'),
    });
    // The stream Lambda also runs fulfilment's reactors, which append commands and enqueue webhooks.
    allowTable(this.projector.function, this.tables.events, EVENT_STORE_ACTIONS);
    for (const [name, value] of Object.entries(outboxEnv)) this.projector.function.addEnvironment(name, value);
    outbox?.allowEnqueue(this.projector.function);
    outbox?.allowInspect(resolverFunction);

    this.stateMachines = new StateMachines(this, 'Workflows', {
      files: aslFiles,
      mediaConvertRole: this.media.mediaConvertRole,
      values: {
        UploadBucket: props.uploadBucket.bucketName,
        MediaBucket: this.media.bucket.bucketName,
        MediaConvertRoleArn: this.media.mediaConvertRole.roleArn,
        EventsTable: this.tables.events.tableName,
        ReadModelsTable: this.tables.readModels.tableName,
      },
      taskFunction: (placeholder) => {
        const name = placeholder.slice(0, -'Arn'.length);
        const fn = marqueeFunction(this, name, {
          entry: entry('lambda-sfn-task.ts'),
          description: `Step Functions task ${placeholder}`,
          environment: { ...env, [LambdaEnv.taskHandler]: placeholder },
          timeout: Duration.minutes(5),
        });
        this.allowApp(fn);
        this.media.allowTranscode(fn);
        this.taskFunctions.set(placeholder, fn);
        return fn;
      },
    });
    Object.assign(machineArns, this.stateMachines.arns);

    const uploadTrigger = this.media.uploadTrigger(env);
    allowTable(uploadTrigger, this.tables.events, EVENT_STORE_ACTIONS);
    allowTable(uploadTrigger, this.tables.readModels, READ_MODEL_READ_ACTIONS);

    // Whoever may start or inspect executions (placeOrder, the ingest trigger, staff's `executions`).
    const machines = Object.values(this.stateMachines.arns);
    if (machines.length > 0) {
      const executions = Object.values(this.stateMachines.executionArnPatterns);
      for (const fn of [resolverFunction, uploadTrigger, ...this.taskFunctions.values()]) {
        allow(fn, ['states:StartExecution'], machines);
        allow(fn, ['states:DescribeExecution', 'states:GetExecutionHistory'], executions);
      }
    }
  }

  /** What src/app needs at run time: the log, the read models, uploads, media, secrets. */
  private allowApp(fn: IFunction) {
    allowTable(fn, this.tables.events, EVENT_STORE_ACTIONS);
    allowTable(fn, this.tables.readModels, READ_MODEL_READ_ACTIONS);
    this.media.allowApp(fn);
    this.secrets.allowRead(fn);
    this.mail.allowSend(fn);
  }
}
