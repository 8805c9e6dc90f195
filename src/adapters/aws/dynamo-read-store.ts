import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { matchesExpected, rowChanged, type ListOptions, type Page, type PutOptions, type ReadRow, type ReadStore } from '../../ports/read-store';
import { readModelsTable as T } from './dynamo-tables';

export interface DynamoReadStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** A row as stored: doc and versions as JSON text, so documents round-trip exactly as in SQLite. */
interface RowItem {
  pk: string;
  sk: string;
  doc: string;
  versions: string;
  gpk?: string;
  gsk?: string;
}

interface CheckpointItem {
  pk: string;
  sk: string;
  position: number;
}

const BATCH_WRITE_MAX = 25;

const toRow = <T>(item: RowItem): ReadRow<T> => ({
  id: item.sk,
  doc: JSON.parse(item.doc) as T,
  versions: JSON.parse(item.versions) as Record<string, number>,
  ...(item.gpk === undefined ? {} : { partition: item.gpk.slice(item.gpk.indexOf('#') + 1) }),
});

function checkTableName(table: string) {
  if (table.startsWith('$') || table.includes('#')) throw new Error(`invalid read-model table name: ${table}`);
}

/**
 * Read models in one DynamoDB table: pk = read-model table, sk = row id (a Query lists a table in
 * id order); rows with a partition are also in the sparse `byPartition` index. Checkpoints are
 * items of the same table. nextToken is the last id returned, as in the SQLite store.
 */
export class DynamoReadStore implements ReadStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(options: DynamoReadStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.table = options.tableName;
  }

  async get<T>(table: string, id: string): Promise<ReadRow<T> | undefined> {
    checkTableName(table);
    const found = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: table, sk: id }, ConsistentRead: true }),
    );
    return found.Item ? toRow<T>(found.Item as RowItem) : undefined;
  }

  async put<T>(table: string, row: ReadRow<T>, options?: PutOptions): Promise<void> {
    checkTableName(table);
    const item: RowItem = {
      pk: table,
      sk: row.id,
      doc: JSON.stringify(row.doc),
      versions: JSON.stringify(row.versions),
      ...(row.partition === undefined ? {} : { gpk: `${table}#${row.partition}`, gsk: row.id }),
    };
    const expected = options?.expected;
    if (expected === undefined) {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: item }));
      return;
    }
    const condition = expected === 'absent' ? undefined : JSON.stringify(expected);
    if (await this.putIf(item, condition)) return;
    // The stored text may list the same versions in another key order: compare the values, then
    // swap against exactly the text seen.
    const current = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: table, sk: row.id }, ConsistentRead: true }),
    );
    const stored = (current.Item as RowItem | undefined)?.versions;
    const seen = stored === undefined ? undefined : (JSON.parse(stored) as Record<string, number>);
    if (stored === undefined || stored === condition || !matchesExpected(seen, options) || !(await this.putIf(item, stored)))
      throw rowChanged(table, row.id);
  }

  /** A put that lands only if the row is absent (`versions` undefined) or stores exactly `versions`. */
  private async putIf(item: RowItem, versions: string | undefined): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ...(versions === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#versions = :expected',
                ExpressionAttributeNames: { '#versions': 'versions' },
                ExpressionAttributeValues: { ':expected': versions },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async delete(table: string, id: string): Promise<void> {
    checkTableName(table);
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: table, sk: id } }));
  }

  async list<T>(table: string, options: ListOptions = {}): Promise<Page<T>> {
    checkTableName(table);
    const limit = Math.max(1, Math.min(options.limit ?? 1000, 10_000));
    const after = options.nextToken;
    const query: QueryCommandInput =
      options.partition === undefined
        ? {
            TableName: this.table,
            KeyConditionExpression: after === undefined ? 'pk = :p' : 'pk = :p AND sk > :after',
            ExpressionAttributeValues: { ':p': table, ...(after === undefined ? {} : { ':after': after }) },
            ConsistentRead: true,
          }
        : {
            TableName: this.table,
            IndexName: T.partitionIndex,
            KeyConditionExpression: after === undefined ? 'gpk = :p' : 'gpk = :p AND gsk > :after',
            ExpressionAttributeValues: {
              ':p': `${table}#${options.partition}`,
              ...(after === undefined ? {} : { ':after': after }),
            },
          };
    const items = await this.queryUpTo(query, limit + 1);
    const rows = items.slice(0, limit).map((item) => toRow<T>(item));
    return items.length > limit ? { items: rows, nextToken: rows.at(-1)!.id } : { items: rows };
  }

  async reset(tables: readonly string[], checkpoints: readonly string[]): Promise<void> {
    const keys: { pk: string; sk: string }[] = checkpoints.map((name) => ({ pk: T.checkpointKey, sk: name }));
    for (const table of tables) {
      checkTableName(table);
      const rows = await this.queryUpTo(
        {
          TableName: this.table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': table },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
        },
        Number.POSITIVE_INFINITY,
      );
      keys.push(...rows.map(({ pk, sk }) => ({ pk, sk })));
    }
    for (let i = 0; i < keys.length; i += BATCH_WRITE_MAX) {
      await this.deleteBatch(keys.slice(i, i + BATCH_WRITE_MAX));
    }
  }

  async getCheckpoint(name: string): Promise<number> {
    const found = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: T.checkpointKey, sk: name }, ConsistentRead: true }),
    );
    return (found.Item as CheckpointItem | undefined)?.position ?? 0;
  }

  async setCheckpoint(name: string, position: number): Promise<void> {
    const item: CheckpointItem = { pk: T.checkpointKey, sk: name, position };
    await this.doc.send(new PutCommand({ TableName: this.table, Item: item }));
  }

  private async queryUpTo(query: QueryCommandInput, max: number): Promise<RowItem[]> {
    const items: RowItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const remaining = max - items.length;
      const page = await this.doc.send(
        new QueryCommand({
          ...query,
          ExclusiveStartKey: startKey,
          ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as RowItem[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < max);
    return items;
  }

  /** BatchWriteItem may hand back unprocessed deletes under throttling: resend them with backoff. */
  private async deleteBatch(keys: { pk: string; sk: string }[]) {
    let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
      pending = (result.UnprocessedItems?.[this.table] ?? []) as typeof pending;
    }
  }
}
