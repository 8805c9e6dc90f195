/** What aws-local-stepfunctions asks of an abort signal; an AbortSignal is one too. */
export interface AbortSource {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * An abort signal for one local execution: `aborted` and 'abort' listeners, called once, without
 * Node's AbortController and EventTarget (~4% of checkout's event loop for the four per checkout,
 * and their internals were a good part of what outlived a scavenge). A nested execution's latch
 * follows its parent's abort until it detaches, which its execution does when it ends.
 */
export class AbortLatch implements AbortSource {
  aborted = false;
  private listeners: (() => void)[] = [];
  private readonly followed: AbortSource | undefined;
  private readonly abortFromParent = () => this.abort();

  constructor(parent?: AbortSource) {
    if (!parent || parent.aborted) return;
    this.followed = parent;
    parent.addEventListener('abort', this.abortFromParent);
  }

  /** Listeners added once aborted are never called, as with an AbortSignal. */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.detach();
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  /** Stops following the parent (its abort no longer reaches this latch). */
  detach(): void {
    this.followed?.removeEventListener('abort', this.abortFromParent);
  }
}
