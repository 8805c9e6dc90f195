import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { percentiles } from './stats';

/** Milliseconds the reference work took in the samples run without a switch: the middle, fastest and slowest. */
export interface HostSpeed {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samples: number;
  /** Samples dropped because the thread was switched out while it ran them. */
  readonly interrupted: number;
}

export interface HostSpeedProbe {
  stop(): Promise<HostSpeed | null>;
}

// Runs in its own thread. The reference work is fixed (JSON round trips and a Map, like the platform's
// own work) and is timed by the wall clock, but a sample counts only if the thread ran it in one go:
// /proc/thread-self/schedstat's third field (times the thread was put on a CPU) did not move. So
// waiting for a core does not count (the on-CPU time in the same file moves only at 4 ms ticks here),
// and what is left is how fast the VM's CPU is just then: on a shared VM that changes by up to 2x
// within seconds whatever this process does.
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const timesScheduled = () => readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[2];
function referenceWork() {
  const seen = new Map();
  let length = 0;
  for (let i = 0; i < 2000; i++) {
    const json = JSON.stringify({ id: 'o' + i, n: i, lines: [i, i + 1] });
    seen.set(i % 500, JSON.parse(json));
    length += json.length;
  }
  return length;
}
const samples = [];
let interrupted = 0;
const sample = () => {
  const before = timesScheduled();
  const started = performance.now();
  referenceWork();
  const ms = performance.now() - started;
  if (timesScheduled() === before) samples.push(ms);
  else interrupted++;
};
for (let i = 0; i < 50; i++) referenceWork();
const timer = setInterval(sample, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  parentPort.postMessage({ samples, interrupted });
});
`;

/**
 * Samples the host's speed every `everyMs` until stopped (~2 ms of work a sample: ~1% of one core at
 * the default). Null where /proc/thread-self/schedstat cannot be read (not Linux).
 */
export function startHostSpeedProbe(everyMs = 200): HostSpeedProbe {
  let worker: Worker;
  try {
    if (!canReadSchedstat()) return { stop: async () => null };
    worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { everyMs } });
  } catch {
    return { stop: async () => null };
  }
  return {
    stop: () =>
      new Promise<HostSpeed | null>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', ({ samples, interrupted }: { samples: number[]; interrupted: number }) => {
          void worker.terminate();
          resolve(summarize(samples, interrupted));
        });
        worker.postMessage('stop');
      }),
  };
}

export function summarize(samples: readonly number[], interrupted = 0): HostSpeed | null {
  if (samples.length === 0) return null;
  const { p50, max, n } = percentiles([...samples]);
  return { medianMs: p50, minMs: Math.round(Math.min(...samples) * 100) / 100, maxMs: max, samples: n, interrupted };
}

function canReadSchedstat(): boolean {
  try {
    return Number.isFinite(Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[2]));
  } catch {
    return false;
  }
}
