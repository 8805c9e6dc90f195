import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { CommandHandler } from '../../app/command-handler';
import { Catalog } from '../../app/catalog/catalog';
import { Fulfilment } from '../../app/fulfilment/fulfilment';
import { shipmentIdForOrder } from '../../app/fulfilment/shipment-id';
import { Projector } from '../../app/projector';
import { productsProjection } from '../../app/projections/products';
import type { Services } from '../../app/services';
import { systemClock, type Clock } from '../../ports/clock';
import type { Publisher } from '../../ports/publisher';
import type { ReadStore } from '../../ports/read-store';
import type { Workflows } from '../../ports/workflows';
import type { TaskHandlers } from '../local/asl-task-handlers';
import { AppSyncPublisher } from './appsync-publisher';
import { publishSelectionSets } from './appsync-selection-sets';
import { DynamoEventStore } from './dynamo-event-store';
import { DynamoReadStore } from './dynamo-read-store';
import { LambdaEnv } from './lambda-env';
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
}

export function awsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const schema = env[LambdaEnv.schemaPath] ?? 'schema.graphql';
  return {
    region: env.AWS_REGION ?? need('AWS_DEFAULT_REGION'),
    eventsTable: need(LambdaEnv.eventsTable),
    readModelsTable: need(LambdaEnv.readModelsTable),
    ...(env[LambdaEnv.graphqlUrl] ? { graphqlUrl: env[LambdaEnv.graphqlUrl] } : {}),
    stateMachines: JSON.parse(env[LambdaEnv.stateMachines] ?? '{}') as Record<string, string>,
    schemaPath: isAbsolute(schema) ? schema : join(env.LAMBDA_TASK_ROOT ?? process.cwd(), schema),
    settleTimeoutMs: Number(env.MARQUEE_SETTLE_TIMEOUT_MS ?? 10_000),
  };
}

/** Adapters a test (or another host) may supply instead of the real AWS clients. */
export interface AwsOverrides {
  readonly dynamo?: DynamoDBClient;
  readonly publisher?: Publisher;
  readonly workflows?: Workflows;
  readonly clock?: Clock;
}

export interface AwsRuntime {
  readonly services: Services;
  readonly projector: Projector;
  /** SFN task handlers by placeholder name (`ReserveStockFunctionArn`). */
  readonly tasks: TaskHandlers;
  readonly workflows: Workflows;
}

/**
 * The AWS composition root: the same use cases as src/server/compose.ts, on DynamoDB, Step
 * Functions and AppSync. In AWS the read models are written by the stream projector Lambda, so a
 * command's read-back waits until the projector's checkpoint passes its position.
 */
export function composeAws(config: AwsConfig, overrides: AwsOverrides = {}): AwsRuntime {
  const dynamo = overrides.dynamo ?? new DynamoDBClient({ region: config.region });
  const clock = overrides.clock ?? systemClock;
  const events = new DynamoEventStore({ client: dynamo, tableName: config.eventsTable, clock });
  const read = new DynamoReadStore({ client: dynamo, tableName: config.readModelsTable });
  const publisher = overrides.publisher ?? appSyncPublisher(config);
  const projector = new Projector(events, read, publisher, [productsProjection]);
  const commands = new CommandHandler(events, clock);
  const settled = checkpointSettled(read, config.settleTimeoutMs);
  const workflows =
    overrides.workflows ??
    new SfnWorkflows({ client: new SFNClient({ region: config.region }), stateMachineArns: config.stateMachines });
  const services: Services = {
    catalog: new Catalog({ commands, read, settled }),
    // The SFN webhook outbox is not wired here yet: deadLetters answers [] in AWS until it is.
    fulfilment: new Fulfilment({ commands, read, settled, shipmentIdForOrder }),
  };
  return { services, projector, tasks: {}, workflows };
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
