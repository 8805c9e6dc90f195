/** Records at most one progress value per this many percent (a push and an event each). */
export const PROGRESS_STEP_PERCENT = 5;

/**
 * Turns a transcoder's synchronous, frequent progress callbacks into a few ordered writes:
 * one write at a time, intermediate values coalesced to the latest, steps below
 * PROGRESS_STEP_PERCENT skipped. A failed write is logged, never fails the transcode.
 */
export class ProgressRecorder {
  /** The last value accepted for writing (written or pending). */
  private accepted = -PROGRESS_STEP_PERCENT;
  private pending: number | undefined;
  private writing: Promise<void> | undefined;

  constructor(private readonly write: (percent: number) => Promise<unknown>) {}

  report(percent: number): void {
    const whole = Math.max(0, Math.min(100, Math.floor(percent)));
    if (whole <= this.accepted || (whole < this.accepted + PROGRESS_STEP_PERCENT && whole !== 100)) return;
    this.accepted = whole;
    this.pending = whole;
    this.writing ??= this.flush();
  }

  /** Resolves once everything reported so far is written. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async flush(): Promise<void> {
    while (this.pending !== undefined) {
      const percent = this.pending;
      this.pending = undefined;
      try {
        await this.write(percent);
      } catch (error) {
        console.error('video ingest: could not record progress', error);
      }
    }
    this.writing = undefined;
  }
}
