/**
 * Follows `-progress pipe:1` output (key=value lines in blocks ending with `progress=…`) and turns
 * `out_time_ms` (microseconds, despite the name) into a percentage of the expected duration.
 */
export class FfmpegProgress {
  private lastPercent = -1;

  constructor(
    private readonly expectedSeconds: number,
    private readonly onPercent: (percent: number) => void,
    /** The share of the whole job this encode represents, so later steps can reach 100. */
    private readonly ceiling = 100,
  ) {}

  readLine(line: string): void {
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'out_time_ms' || key === 'out_time_us') {
      const seconds = Number(value) / 1_000_000;
      if (Number.isFinite(seconds) && seconds >= 0 && this.expectedSeconds > 0) {
        this.emit(Math.min(this.ceiling, (seconds / this.expectedSeconds) * this.ceiling));
      }
    } else if (key === 'progress' && value === 'end') {
      this.emit(this.ceiling);
    }
  }

  private emit(raw: number): void {
    const percent = Math.floor(raw + 1e-9); // 0.7 * 90 is 62.999… in floating point
    if (percent > this.lastPercent) {
      this.lastPercent = percent;
      this.onPercent(percent);
    }
  }
}
