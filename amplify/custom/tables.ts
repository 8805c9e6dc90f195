import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { eventsTable, readModelsTable } from '../../src/adapters/aws/dynamo-tables';

export interface MarqueeTables {
  readonly events: Table;
  readonly readModels: Table;
}

/**
 * The event log (immutable, streamed to the projector, point-in-time recovery, retained on delete)
 * and the read models (rebuildable from the log). Keys and indexes come from the adapters' own
 * constants, so the tables always match what the DynamoDB adapters query.
 */
export function createTables(scope: Construct): MarqueeTables {
  const e = eventsTable;
  const events = new Table(scope, 'EventsTable', {
    partitionKey: { name: e.partitionKey, type: AttributeType.STRING },
    sortKey: { name: e.sortKey, type: AttributeType.NUMBER },
    billingMode: BillingMode.PAY_PER_REQUEST,
    stream: StreamViewType.NEW_IMAGE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: false,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  events.addGlobalSecondaryIndex({
    indexName: e.positionIndex,
    partitionKey: { name: e.positionIndexPartitionKey, type: AttributeType.STRING },
    sortKey: { name: e.positionIndexSortKey, type: AttributeType.NUMBER },
  });

  const r = readModelsTable;
  const readModels = new Table(scope, 'ReadModelsTable', {
    partitionKey: { name: r.partitionKey, type: AttributeType.STRING },
    sortKey: { name: r.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  readModels.addGlobalSecondaryIndex({
    indexName: r.partitionIndex,
    partitionKey: { name: r.partitionIndexPartitionKey, type: AttributeType.STRING },
    sortKey: { name: r.partitionIndexSortKey, type: AttributeType.STRING },
  });
  return { events, readModels };
}

/** ARNs of a table and all its indexes, for IAM statements. */
export const tableArns = (table: ITable) => [table.tableArn, `${table.tableArn}/index/*`];
