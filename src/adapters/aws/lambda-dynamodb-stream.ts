import type { Reactor } from '../../app/fulfilment/checkpointed-reactor';
import type { Projector } from '../../app/projector';
import type { EventMeta, StoredEvent } from '../../ports/event-store';
import { awsRuntime } from './lambda-runtime';

/** DynamoDB JSON of the attribute types a commit item uses. */
type AttributeValue = { readonly S: string } | { readonly N: string } | Readonly<Record<string, unknown>>;

export interface DynamoStreamRecord {
  readonly eventID?: string;
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly dynamodb?: {
    readonly SequenceNumber?: string;
    readonly NewImage?: Readonly<Record<string, AttributeValue>>;
  };
}

export interface DynamoStreamEvent {
  readonly Records: readonly DynamoStreamRecord[];
}

export interface StreamBatchResult {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

const str = (v: AttributeValue | undefined) => (v && 'S' in v && typeof v.S === 'string' ? v.S : undefined);
const num = (v: AttributeValue | undefined) => (v && 'N' in v && typeof v.N === 'string' ? Number(v.N) : undefined);

/**
 * The events of one commit item (see dynamo-event-store.ts: pk stream, sk first version, posFirst
 * first global position, events/meta JSON). Other items of the table (the position counter, gap
 * markers) and non-inserts yield nothing.
 */
export function storedEventsOf(record: DynamoStreamRecord): StoredEvent[] {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return [];
  const streamId = str(image.pk);
  const first = num(image.sk);
  const posFirst = num(image.posFirst);
  const events = str(image.events);
  const meta = str(image.meta);
  if (!streamId || first === undefined || posFirst === undefined || !events || !meta) return [];
  const parsedMeta = JSON.parse(meta) as EventMeta;
  return (JSON.parse(events) as { type: string; data: unknown }[]).map((e, i) => ({
    streamId,
    version: first + i,
    position: posFirst + i,
    type: e.type,
    v: 1,
    data: e.data,
    meta: parsedMeta,
  }));
}

export interface StreamConsumers {
  readonly projector: Pick<Projector, 'handle'>;
  /** Run after the projections, as the local runtime's checkpointed reactors are. */
  readonly reactors: readonly Reactor[];
}

/**
 * DynamoDB Streams -> Projector.handle, then the reactors, one commit at a time in stream order.
 * On a failure it reports that record (and so everything after it) as failed: Lambda retries from
 * there, bisects, and finally sends the record to the on-failure destination. Projections and
 * reactors are idempotent, so the commits before it being delivered again is harmless.
 */
export function dynamoStreamHandler(consumers: () => StreamConsumers) {
  return async (event: DynamoStreamEvent): Promise<StreamBatchResult> => {
    for (const record of event.Records) {
      const events = storedEventsOf(record);
      if (events.length === 0) continue;
      try {
        const { projector, reactors } = consumers();
        await projector.handle(events);
        for (const reactor of reactors) await reactor.react(events);
      } catch (error) {
        console.error(`projecting ${events[0]!.streamId}@${events[0]!.version} failed`, error);
        const id = record.dynamodb?.SequenceNumber ?? record.eventID;
        if (!id) throw error;
        return { batchItemFailures: [{ itemIdentifier: id }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

export const handler = dynamoStreamHandler(() => awsRuntime());
