import type { EventMeta, StoredEvent } from '../../ports/event-store';

const UNPARSED = Symbol('unparsed');

/**
 * A just-appended event as the log's readers get it, its JSON parsed when `data` or `meta` is first
 * read, once for all readers. The readers near the head (the fulfilment reactors, served from the
 * connection's tail of recent events) look at the type of most events and the data of a few; and
 * what the tail keeps is then two strings per event instead of a parsed object graph that every
 * young-generation GC of its ~100 ms in the tail would copy. `data` and `meta` are own enumerable
 * accessors (one pair shared by all events), so the event compares, spreads and serialises like a
 * plain one.
 */
export class ParsedOnReadEvent implements StoredEvent {
  declare readonly data: unknown;
  declare readonly meta: EventMeta;
  readonly #dataJson: string;
  readonly #metaJson: string;
  #data: unknown = UNPARSED;
  #meta: unknown = UNPARSED;

  static readonly #accessors: PropertyDescriptorMap = {
    data: {
      enumerable: true,
      get(this: ParsedOnReadEvent) {
        if (this.#data === UNPARSED) this.#data = JSON.parse(this.#dataJson) as unknown;
        return this.#data;
      },
    },
    meta: {
      enumerable: true,
      get(this: ParsedOnReadEvent) {
        if (this.#meta === UNPARSED) this.#meta = JSON.parse(this.#metaJson) as unknown;
        return this.#meta;
      },
    },
  };

  constructor(
    readonly streamId: string,
    readonly version: number,
    readonly position: number,
    readonly type: string,
    readonly v: number,
    dataJson: string,
    metaJson: string,
  ) {
    this.#dataJson = dataJson;
    this.#metaJson = metaJson;
    Object.defineProperties(this, ParsedOnReadEvent.#accessors);
  }
}
