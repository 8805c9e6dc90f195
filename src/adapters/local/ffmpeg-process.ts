import { spawn } from 'node:child_process';

export class FfmpegFailed extends Error {
  override readonly name = 'FfmpegFailed';
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderrTail: string,
  ) {
    super(`ffmpeg exited with ${signal ?? `code ${exitCode}`}: ${lastLines(stderrTail, 3)}`);
  }
}

export interface FfmpegRun {
  exitCode: number | null;
  stderrTail: string;
}

export interface FfmpegOptions {
  /** Called with each complete stdout line (used with `-progress pipe:1`). */
  onStdoutLine?: (line: string) => void;
  /** Resolve instead of reject on a non-zero exit (probing: `ffmpeg -i x` always exits 1). */
  allowFailure?: boolean;
  signal?: AbortSignal;
}

const STDERR_TAIL_BYTES = 16 * 1024;

/** Runs ffmpeg streaming its output: only the last 16 KiB of stderr is kept for diagnostics. */
export function runFfmpeg(binary: string, args: readonly string[], options: FfmpegOptions = {}): Promise<FfmpegRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    let stderrTail = '';
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onStdoutLine?.(line.trim());
    });
    child.once('error', reject);
    child.once('close', (exitCode, signal) => {
      if (pending) options.onStdoutLine?.(pending.trim());
      if (exitCode === 0 || options.allowFailure) resolve({ exitCode, stderrTail });
      else reject(new FfmpegFailed(exitCode, signal, stderrTail));
    });
  });
}

const lastLines = (text: string, count: number) => text.trim().split('\n').slice(-count).join(' | ');
