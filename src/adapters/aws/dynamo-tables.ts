import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The DynamoDB tables behind the EventStore and ReadStore ports: attribute and index
 * names used by the adapters, and CreateTable inputs for tests and the local runtime.
 * CDK builds the same tables from these constants.
 */

/**
 * Events: one immutable item per commit.
 * - `pk` stream id, `sk` the commit's FIRST version (a writer that expected version N writes
 *   sk = N + 1, so two writers at the same expected version collide on one key);
 * - `last` the commit's last version, `events` / `meta` JSON text;
 * - `gpk` (constant "all") + `pos` (global position of the commit's LAST event) form the
 *   `byPosition` index that readAll/subscribeAll page through;
 * - the item pk = `$position`, sk = 0 is the global position counter (it has no `gpk`, so the
 *   sparse index never holds it; a DynamoDB Streams consumer skips items without `events`).
 */
export const eventsTable = {
  partitionKey: 'pk',
  sortKey: 'sk',
  positionIndex: 'byPosition',
  positionIndexPartitionKey: 'gpk',
  positionIndexSortKey: 'pos',
  /** The one shard of the position index: every commit is in it. */
  positionShard: 'all',
  counterStreamId: '$position',
} as const;

/**
 * Read models: one item per row, `pk` = read-model table name, `sk` = row id, so a Query
 * lists a table in id order. Rows with a partition also carry `gpk` = `${table}#${partition}`
 * and `gsk` = id for the sparse `byPartition` index. Checkpoints are items with
 * pk = `$checkpoint`, sk = name (read-model table names never start with `$`).
 */
export const readModelsTable = {
  partitionKey: 'pk',
  sortKey: 'sk',
  partitionIndex: 'byPartition',
  partitionIndexPartitionKey: 'gpk',
  partitionIndexSortKey: 'gsk',
  checkpointKey: '$checkpoint',
} as const;

export interface DynamoTableNames {
  readonly events: string;
  readonly readModels: string;
}

export const defaultTableNames: DynamoTableNames = { events: 'marquee-events', readModels: 'marquee-read-models' };

export function eventsTableInput(tableName: string): CreateTableCommandInput {
  const t = eventsTable;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: t.partitionKey, AttributeType: 'S' },
      { AttributeName: t.sortKey, AttributeType: 'N' },
      { AttributeName: t.positionIndexPartitionKey, AttributeType: 'S' },
      { AttributeName: t.positionIndexSortKey, AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: t.partitionKey, KeyType: 'HASH' },
      { AttributeName: t.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: t.positionIndex,
        KeySchema: [
          { AttributeName: t.positionIndexPartitionKey, KeyType: 'HASH' },
          { AttributeName: t.positionIndexSortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  };
}

export function readModelsTableInput(tableName: string): CreateTableCommandInput {
  const t = readModelsTable;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: t.partitionKey, AttributeType: 'S' },
      { AttributeName: t.sortKey, AttributeType: 'S' },
      { AttributeName: t.partitionIndexPartitionKey, AttributeType: 'S' },
      { AttributeName: t.partitionIndexSortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: t.partitionKey, KeyType: 'HASH' },
      { AttributeName: t.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: t.partitionIndex,
        KeySchema: [
          { AttributeName: t.partitionIndexPartitionKey, KeyType: 'HASH' },
          { AttributeName: t.partitionIndexSortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
