import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { CommandHandler } from '../../app/command-handler';
import { Catalog } from '../../app/catalog/catalog';
import { CatalogImport } from '../../app/catalog/import-catalog';
import { checkoutServices } from '../../app/checkout/checkout-services';
import type { Reactor } from '../../app/fulfilment/checkpointed-reactor';
import { Fulfilment } from '../../app/fulfilment/fulfilment';
import { fulfilmentReactors } from '../../app/fulfilment/fulfilment-reactors';
import { shipmentIdForOrder } from '../../app/fulfilment/shipment-id';
import { Projector } from '../../app/projector';
import { allProjections } from '../../app/projections';
import type { Services } from '../../app/services';
import { ingestTasks } from '../../app/vod/ingest-tasks';
import { withVideoPresentation } from '../../app/vod/video-push';
import { Videos } from '../../app/vod/videos';
import type { BlobStore } from '../../ports/blob-store';
import { systemClock, type Clock } from '../../ports/clock';
import type { Mailer } from '../../ports/mailer';
import type { MediaSigner } from '../../ports/media-signer';
import type { Payments } from '../../ports/payments';
import type { Publisher } from '../../ports/publisher';
import type { ReadStore } from '../../ports/read-store';
import type { Transcoder } from '../../ports/transcoder';
import type { TaskHandlers, Workflows } from '../../ports/workflows';
import { AppSyncPublisher } from './appsync-publisher';
import { publishSelectionSets } from './appsync-selection-sets';
import { CloudFrontMediaSigner } from './cloudfront-media-signer';
import { DynamoEventStore } from './dynamo-event-store';
import { DynamoReadStore } from './dynamo-read-store';
import { LambdaEnv } from './lambda-env';
import { MediaConvertTranscoder } from './mediaconvert-transcoder';
import { S3BlobStore } from './s3-blob-store';
import { secretValue } from './secrets-manager';
import { SesMailer } from './ses-mailer';
import { cognitoAddresses } from './cognito-addresses';
import { createStripeClient } from '../stripe/stripe-client';
import { StripePayments } from '../stripe/stripe-payments';
import { SfnWebhookOutbox } from './sfn-webhook-outbox';
import { SfnWorkflows } from './sfn-workflows';

/** What the AWS composition root needs, read from the Lambda environment the stack sets. */
export interface AwsConfig {
  readonly region: string;
  readonly eventsTable: string;
  readonly readModelsTable: string;
  /** Only the projector publishes. */
  readonly graphqlUrl?: string;
  readonly stateMachines: Readonly<Record<string, string>>;
  readonly schemaPath: string;
  /** How long a command waits for the stream projector before it reads its own write back. */
  readonly settleTimeoutMs: number;
  /** Uploaded sources and imports (presigned PUTs); MediaConvert reads from here. */
  readonly uploadBucket?: string;
  /** The HLS packages and posters, served by CloudFront; MediaConvert writes here. */
  readonly mediaBucket?: string;
  readonly mediaDomain?: string;
  readonly cloudFrontKeyPairId?: string;
  readonly cloudFrontPrivateKeySecretArn?: string;
  readonly mediaConvertRoleArn?: string;
  /** JSON secret { secretKey, webhookSecret } for Stripe. */
  readonly stripeSecretArn?: string;
  /** The SES sender identity, and the user pool holding customers' addresses. */
  readonly mailFrom?: string;
  readonly userPoolId?: string;
  /** The external warehouse system and the outbox state machine that delivers to it (both or neither). */
  readonly warehouseWebhookUrl?: string;
  readonly warehouseOutboxArn?: string;
}

export function awsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const optional = (key: keyof AwsConfig, name: string) => (env[name] ? { [key]: env[name] } : {});
  const schema = env[LambdaEnv.schemaPath] ?? 'schema.graphql';
  return {
    region: env.AWS_REGION ?? need('AWS_DEFAULT_REGION'),
    eventsTable: need(LambdaEnv.eventsTable),
    readModelsTable: need(LambdaEnv.readModelsTable),
    stateMachines: JSON.parse(env[LambdaEnv.stateMachines] ?? '{}') as Record<string, string>,
    schemaPath: isAbsolute(schema) ? schema : join(env.LAMBDA_TASK_ROOT ?? process.cwd(), schema),
    settleTimeoutMs: Number(env.MARQUEE_SETTLE_TIMEOUT_MS ?? 10_000),
    ...optional('graphqlUrl', LambdaEnv.graphqlUrl),
    ...optional('uploadBucket', LambdaEnv.uploadBucket),
    ...optional('mediaBucket', LambdaEnv.mediaBucket),
    ...optional('mediaDomain', LambdaEnv.mediaDomain),
    ...optional('cloudFrontKeyPairId', LambdaEnv.cloudFrontKeyPairId),
    ...optional('cloudFrontPrivateKeySecretArn', LambdaEnv.cloudFrontPrivateKeySecretArn),
    ...optional('mediaConvertRoleArn', LambdaEnv.mediaConvertRoleArn),
    ...optional('stripeSecretArn', LambdaEnv.stripeSecretArn),
    ...optional('mailFrom', LambdaEnv.mailFrom),
    ...optional('userPoolId', LambdaEnv.userPoolId),
    ...optional('warehouseWebhookUrl', LambdaEnv.warehouseWebhookUrl),
    ...optional('warehouseOutboxArn', LambdaEnv.warehouseOutboxArn),
  };
}

/** Adapters a test (or another host) may supply instead of the real AWS clients. */
export interface AwsOverrides {
  readonly dynamo?: DynamoDBClient;
  readonly publisher?: Publisher;
  readonly workflows?: Workflows;
  readonly blobs?: BlobStore;
  readonly signer?: MediaSigner;
  readonly transcoder?: Transcoder;
  readonly payments?: Payments;
  readonly mailer?: Mailer;
  readonly sfn?: SFNClient;
  readonly clock?: Clock;
}

export interface AwsRuntime {
  readonly services: Services;
  readonly projector: Projector;
  /** What the stream Lambda runs after the projections: the same reactors the local runtime runs. */
  readonly reactors: readonly Reactor[];
  /** SFN task handlers by placeholder name (`ProbeVideoFunctionArn`). */
  readonly tasks: TaskHandlers;
  readonly workflows: Workflows;
}

/**
 * The AWS composition root: the same use cases as src/server/compose.ts, on DynamoDB, S3,
 * CloudFront, MediaConvert, Step Functions and AppSync. Clients are created lazily by whichever
 * adapter is used, so a Lambda only touches the services its role allows. In AWS the read models
 * are written by the stream projector Lambda, so a command's read-back waits for its checkpoint.
 */
export function composeAws(config: AwsConfig, overrides: AwsOverrides = {}): AwsRuntime {
  const dynamo = overrides.dynamo ?? new DynamoDBClient({ region: config.region });
  const clock = overrides.clock ?? systemClock;
  const events = new DynamoEventStore({ client: dynamo, tableName: config.eventsTable, clock });
  const read = new DynamoReadStore({ client: dynamo, tableName: config.readModelsTable });
  const commands = new CommandHandler(events, clock);
  const settled = checkpointSettled(read, config.settleTimeoutMs);

  const blobs = overrides.blobs ?? s3Blobs(config, clock);
  const videos = new Videos({
    commands,
    read,
    settled,
    blobs,
    signer: overrides.signer ?? cloudFrontSigner(config),
    clock,
  });
  const publisher = withVideoPresentation(overrides.publisher ?? appSyncPublisher(config), videos);
  const projector = new Projector(events, read, publisher, allProjections);
  const sfn = overrides.sfn ?? new SFNClient({ region: config.region });
  const { warehouseWebhookUrl: url, warehouseOutboxArn } = config;
  const outbox = url && warehouseOutboxArn ? new SfnWebhookOutbox(sfn, warehouseOutboxArn) : undefined;
  const fulfilment = new Fulfilment({ commands, read, settled, shipmentIdForOrder, ...(outbox ? { outbox } : {}) });
  const reactors = fulfilmentReactors({ commands, shipmentIdForOrder, ...(outbox && url ? { warehouse: { outbox, url } } : {}) });
  const workflows = overrides.workflows ?? new SfnWorkflows({ client: sfn, stateMachineArns: config.stateMachines });
  const checkout = checkoutServices({
    commands,
    events,
    read,
    settled,
    shipmentIdForOrder,
    payments: overrides.payments ?? stripePayments(config),
    mailer: overrides.mailer ?? sesMailer(config, dynamo, clock),
    workflows,
  });
  const tasks: TaskHandlers = {
    ...checkout.tasks,
    ...ingestTasks({ commands, transcoder: overrides.transcoder ?? mediaConvert(config) }),
  };
  const catalog = new Catalog({ commands, read, settled });
  const services: Services = {
    catalog,
    // The API Lambda stops after 29 s; an import stops applying rows well before (a re-run continues).
    catalogImport: new CatalogImport({ catalog, commands, settled, blobs, clock, timeBudgetMs: 20_000 }),
    checkout: checkout.checkout,
    orders: checkout.orders,
    fulfilment,
    videos,
  };
  return { services, projector, reactors, tasks, workflows };
}

const missing = (what: string): never => {
  throw new Error(`${what} is not configured for this Lambda`);
};

function s3Blobs(config: AwsConfig, clock: Clock): BlobStore {
  const bucket = config.uploadBucket;
  if (!bucket) {
    const unconfigured = async () => missing(LambdaEnv.uploadBucket);
    return { createUploadUrl: unconfigured, exists: unconfigured, read: unconfigured };
  }
  return new S3BlobStore({ client: new S3Client({ region: config.region }), bucket, clock });
}

function cloudFrontSigner(config: AwsConfig): MediaSigner {
  const { mediaDomain, cloudFrontKeyPairId, cloudFrontPrivateKeySecretArn } = config;
  if (!mediaDomain || !cloudFrontKeyPairId || !cloudFrontPrivateKeySecretArn)
    return { signedUrl: async () => missing('CloudFront signing') };
  const secrets = new SecretsManagerClient({ region: config.region });
  return new CloudFrontMediaSigner({
    domain: mediaDomain,
    keyPairId: cloudFrontKeyPairId,
    privateKey: secretValue(secrets, cloudFrontPrivateKeySecretArn),
  });
}

/** Stripe with the key from Secrets Manager, fetched on first use (cold start), then reused. */
function stripePayments(config: AwsConfig): Payments {
  const { stripeSecretArn } = config;
  if (!stripeSecretArn) {
    const unconfigured = async () => missing(LambdaEnv.stripeSecretArn);
    return { authorize: unconfigured, capture: unconfigured, cancel: unconfigured, refund: unconfigured, find: unconfigured };
  }
  const secretKey = secretValue(new SecretsManagerClient({ region: config.region }), stripeSecretArn, 'secretKey');
  let stripe: Promise<Payments> | undefined;
  const gateway = () => (stripe ??= secretKey().then((key) => new StripePayments(createStripeClient(key))));
  return {
    authorize: async (r) => (await gateway()).authorize(r),
    capture: async (r) => (await gateway()).capture(r),
    cancel: async (r) => (await gateway()).cancel(r),
    refund: async (r) => (await gateway()).refund(r),
    find: async (orderId) => (await gateway()).find(orderId),
  };
}

function sesMailer(config: AwsConfig, dynamo: DynamoDBClient, clock: Clock): Mailer {
  const { mailFrom, userPoolId } = config;
  if (!mailFrom || !userPoolId) return { send: async () => missing(`mail (${LambdaEnv.mailFrom}, ${LambdaEnv.userPoolId})`) };
  return new SesMailer({
    ses: new SESv2Client({ region: config.region }),
    from: mailFrom,
    dynamo,
    markerTable: config.readModelsTable,
    addressOf: cognitoAddresses({ userPoolId, region: config.region, credentials: defaultProvider() }),
    clock,
  });
}

function mediaConvert(config: AwsConfig): Transcoder {
  const { uploadBucket, mediaBucket, mediaConvertRoleArn } = config;
  if (!uploadBucket || !mediaBucket || !mediaConvertRoleArn)
    return { probe: async () => missing('MediaConvert'), start: async () => missing('MediaConvert'), check: async () => missing('MediaConvert') };
  return new MediaConvertTranscoder({
    client: new MediaConvertClient({ region: config.region }),
    bucket: uploadBucket,
    outputBucket: mediaBucket,
    roleArn: mediaConvertRoleArn,
  });
}

function appSyncPublisher(config: AwsConfig): Publisher {
  const { graphqlUrl } = config;
  if (!graphqlUrl) {
    return {
      publish: async (mutation) => {
        throw new Error(`${mutation}: this Lambda has no ${LambdaEnv.graphqlUrl}; only the projector publishes`);
      },
    };
  }
  return new AppSyncPublisher({
    url: graphqlUrl,
    region: config.region,
    credentials: defaultProvider(),
    selectionSets: publishSelectionSets(readFileSync(config.schemaPath, 'utf8')),
  });
}

/** The checkpoint src/app/projector.ts records after each batch. */
const PROJECTOR_CHECKPOINT = 'projector';

/**
 * `settled` for a projector that runs elsewhere (the stream Lambda): polls its checkpoint. With
 * several stream shards the checkpoint is only approximate, so after `timeoutMs` the caller reads
 * whatever is there rather than failing a command that did succeed.
 */
export function checkpointSettled(read: ReadStore, timeoutMs: number, intervalMs = 50) {
  return async (position: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let wait = intervalMs;
    while ((await read.getCheckpoint(PROJECTOR_CHECKPOINT)) < position && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 500);
    }
  };
}
