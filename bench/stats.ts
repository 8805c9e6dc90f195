import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

export const REPORT_DIR = join(import.meta.dirname, 'reports');

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(s.at(-1) ?? NaN), n: s.length };
}

export const machine = () => ({
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  loadavgAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  at: new Date().toISOString(),
});

/** The machine's CPU time since boot (Linux /proc/stat, in ticks): all of it, and what the hypervisor stole. */
export interface MachineTicks {
  readonly total: number;
  readonly steal: number;
}

/** The machine's CPU time counters now, or undefined where there is no /proc/stat. */
export function machineTicks(): MachineTicks | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user)
    const ticks = fields.slice(0, 8).map(Number);
    return { total: ticks.reduce((a, b) => a + b, 0), steal: ticks[7] ?? 0 };
  } catch {
    return undefined;
  }
}

/**
 * The share of the machine's CPU time that its hypervisor gave to other guests between two
 * readings, in percent: on a shared VM the same code runs much slower while it is high.
 */
export function stolenPercent(before: MachineTicks | undefined, after: MachineTicks | undefined): number | null {
  if (!before || !after || after.total === before.total) return null;
  return Math.round((1000 * (after.steal - before.steal)) / (after.total - before.total)) / 10;
}

/** Writes bench/reports/<name>.json and <name>.md. */
export function writeReport(name: string, report: object, markdown: string): void {
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(join(REPORT_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(REPORT_DIR, `${name}.md`), markdown);
  console.log(markdown);
}
