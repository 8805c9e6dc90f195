import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConcurrencyError,
  type AppendResult,
  type EventMeta,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type Subscription,
} from '../../ports/event-store';
import { systemClock, type Clock } from '../../ports/clock';
import { catchUpSubscription } from '../local/catch-up';
import { eventsTable as T } from './dynamo-tables';

export interface DynamoEventStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly clock?: Clock;
  /**
   * A writer that has not reached its put this long after it started allocating its global
   * positions gives up (ConcurrencyError, so callers retry). Bounds how late a commit can land.
   */
  readonly commitDeadlineMs?: number;
  /**
   * How long readAll waits for a hole in the global positions to fill before skipping it.
   * Must exceed commitDeadlineMs + put latency + clock skew between writers (+ GSI lag in AWS).
   */
  readonly settleMs?: number;
  /** subscribeAll's polling interval for appends made by other processes. */
  readonly pollMs?: number;
}

/** One item per commit: versions sk..last of stream pk, global positions posFirst..pos. */
interface CommitItem {
  pk: string;
  sk: number;
  last: number;
  commitId: string;
  events: string;
  meta: string;
  gpk: string;
  pos: number;
  posFirst: number;
  allocatedAt: number;
}

/** Marks global positions a writer allocated but will never commit, so readers need not wait. */
interface GapItem {
  pk: string;
  sk: number;
  gpk: string;
  pos: number;
  posFirst: number;
  allocatedAt: number;
}

type PositionItem = CommitItem | GapItem;

interface EventBody {
  type: string;
  data: unknown;
}

const GAP_STREAM = '$gap';
const isCommit = (item: PositionItem): item is CommitItem => 'events' in item;
const isConditionFailure = (e: unknown) => e instanceof Error && e.name === 'ConditionalCheckFailedException';

/**
 * The EventStore on DynamoDB (no transactions needed, so it also runs on dynalite).
 *
 * Per-stream consistency. A commit is one item keyed by its FIRST version: a writer that
 * expected version N (1) reads the stream head with a strongly consistent Query and fails
 * unless it is N, then (2) puts sk = N + 1 with `attribute_not_exists(sk)`. The versions up
 * to the head it read are immutable, so any commit written after (1) that could overlap ours
 * must also start at N + 1 — and the conditional put lets exactly one of those writers win.
 * Without (1) a stale writer whose N falls inside an earlier multi-event commit would find
 * sk = N + 1 free and overlap it; readStream still checks that commits are contiguous.
 *
 * Global order. DynamoDB has none, so before its put a writer takes a range of positions from
 * a counter item (UpdateItem ADD) and the commit is indexed by position (`byPosition` GSI).
 * Two consequences, handled in readAll:
 * - a writer that loses the put leaves its positions unused: it writes a gap item for them;
 *   a writer that dies in between leaves a hole nobody fills;
 * - a slow writer can land position 10 after a faster one landed 11 (GSI lag does the same).
 * readAll therefore delivers positions only while they are contiguous; at a hole it stops,
 * unless the commit after the hole was allocated more than `settleMs` ago: every writer of a
 * lower position started allocating before that and gave up or landed within
 * `commitDeadlineMs` (+ put latency), so the hole is permanent and is skipped.
 * Residual risk: a put that takes longer than settleMs - commitDeadlineMs to land after its
 * deadline check is missed by readers that already passed it. In AWS, projections are fed by
 * DynamoDB Streams instead; this feed serves the contract, rebuilds and tools.
 */
export class DynamoEventStore implements EventStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly clock: Clock;
  private readonly commitDeadlineMs: number;
  private readonly settleMs: number;
  private readonly pollMs: number;
  private readonly appended = new EventEmitter();

  constructor(options: DynamoEventStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.table = options.tableName;
    this.clock = options.clock ?? systemClock;
    this.commitDeadlineMs = options.commitDeadlineMs ?? 1000;
    this.settleMs = options.settleMs ?? 5000;
    this.pollMs = options.pollMs ?? 1000;
    this.appended.setMaxListeners(0);
  }

  async append(streamId: string, expectedVersion: number, events: readonly NewEvent[], meta: EventMeta) {
    if (events.length === 0) throw new Error('append needs at least one event');
    if (streamId.startsWith('$')) throw new Error(`stream ids starting with $ are reserved: ${streamId}`);
    if ((await this.headVersion(streamId)) !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion);

    const startedAt = this.now();
    const pos = await this.allocatePositions(events.length);
    const allocatedAt = this.now();
    const posFirst = pos - events.length + 1;
    if (allocatedAt - startedAt > this.commitDeadlineMs) {
      // Too late to land safely (readers may already be skipping these positions): retryable.
      await this.markGap(posFirst, pos, allocatedAt);
      throw new ConcurrencyError(streamId, expectedVersion);
    }

    const commit: CommitItem = {
      pk: streamId,
      sk: expectedVersion + 1,
      last: expectedVersion + events.length,
      commitId: randomUUID(),
      events: JSON.stringify(events.map((e): EventBody => ({ type: e.type, data: e.data }))),
      meta: JSON.stringify(meta),
      gpk: T.positionShard,
      pos,
      posFirst,
      allocatedAt,
    };
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.table, Item: commit, ConditionExpression: 'attribute_not_exists(sk)' }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // An SDK retry of our own put that had landed also fails the condition: check whose it is.
      if (!(await this.isOurs(commit))) {
        await this.markGap(posFirst, pos, allocatedAt);
        throw new ConcurrencyError(streamId, expectedVersion);
      }
    }
    const stored = expand(commit);
    this.appended.emit('appended');
    const result: AppendResult = { streamId, version: commit.last, position: pos, events: stored };
    return result;
  }

  async readStream(streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    const from = afterVersion > 0 ? await this.commitHolding(streamId, afterVersion + 1) : 1;
    const commits = await this.queryAll<CommitItem>({
      KeyConditionExpression: 'pk = :s AND sk >= :from',
      ExpressionAttributeValues: { ':s': streamId, ':from': from },
      ConsistentRead: true,
    });
    let expected = commits[0]?.sk ?? from;
    const events: StoredEvent[] = [];
    for (const commit of commits) {
      if (commit.sk !== expected) throw new Error(`stream ${streamId} is not contiguous at version ${expected}`);
      expected = commit.last + 1;
      for (const e of expand(commit)) if (e.version > afterVersion) events.push(e);
    }
    return events;
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    if (limit <= 0) return events;
    let expected = afterPosition + 1;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: T.positionIndex,
          KeyConditionExpression: 'gpk = :all AND pos > :after',
          ExpressionAttributeValues: { ':all': T.positionShard, ':after': afterPosition },
          Limit: Math.min(limit, 1000),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as PositionItem[]) {
        if (item.posFirst > expected && this.now() - item.allocatedAt <= this.settleMs) return events;
        expected = item.pos + 1;
        if (!isCommit(item)) continue;
        for (const e of expand(item)) {
          if (e.position <= afterPosition) continue;
          events.push(e);
          if (events.length >= limit) return events;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  subscribeAll(afterPosition: number, handler: (batch: StoredEvent[]) => Promise<void>): Subscription {
    return catchUpSubscription(
      this,
      afterPosition,
      handler,
      (wake) => {
        this.appended.on('appended', wake);
        return () => this.appended.off('appended', wake);
      },
      this.pollMs,
    );
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
  }

  private now() {
    return this.clock.now().getTime();
  }

  private async headVersion(streamId: string): Promise<number> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :s',
        ExpressionAttributeValues: { ':s': streamId },
        ProjectionExpression: '#last',
        ExpressionAttributeNames: { '#last': 'last' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const head = page.Items?.[0] as Pick<CommitItem, 'last'> | undefined;
    return head?.last ?? 0;
  }

  /** The first version of the commit that holds `version` (or of the last commit before it). */
  private async commitHolding(streamId: string, version: number): Promise<number> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :s AND sk <= :v',
        ExpressionAttributeValues: { ':s': streamId, ':v': version },
        ProjectionExpression: 'sk',
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const commit = page.Items?.[0] as Pick<CommitItem, 'sk'> | undefined;
    return commit?.sk ?? 1;
  }

  /** Reserves `count` global positions and returns the last of them. */
  private async allocatePositions(count: number): Promise<number> {
    const result = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: T.counterStreamId, sk: 0 },
        UpdateExpression: 'ADD #value :n',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':n': count },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (result.Attributes as { value: number }).value;
  }

  private async markGap(posFirst: number, pos: number, allocatedAt: number) {
    const gap: GapItem = { pk: GAP_STREAM, sk: pos, gpk: T.positionShard, pos, posFirst, allocatedAt };
    await this.doc.send(new PutCommand({ TableName: this.table, Item: gap }));
  }

  private async isOurs(commit: CommitItem): Promise<boolean> {
    const found = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: commit.pk, sk: commit.sk },
        ProjectionExpression: 'commitId',
        ConsistentRead: true,
      }),
    );
    return (found.Item as Pick<CommitItem, 'commitId'> | undefined)?.commitId === commit.commitId;
  }

  private async queryAll<I>(query: {
    KeyConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
    ConsistentRead: boolean;
  }): Promise<I[]> {
    const items: I[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ TableName: this.table, ...query, ExclusiveStartKey: startKey }));
      items.push(...((page.Items ?? []) as I[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function expand(commit: CommitItem): StoredEvent[] {
  const meta = JSON.parse(commit.meta) as EventMeta;
  return (JSON.parse(commit.events) as EventBody[]).map((e, i) => ({
    streamId: commit.pk,
    version: commit.sk + i,
    position: commit.posFirst + i,
    type: e.type,
    v: 1,
    data: e.data,
    meta,
  }));
}
