/**
 * Upload side of the VOD benchmark, through the real embedded server: throughput of a signed
 * `PUT /uploads/...` streamed to disk (MB/s, with the process's peak RSS growth to show the body
 * is never held in memory), and the time from the end of an upload to READY for a real source.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../src/server/config';
import { startLocal, type LocalRuntime } from '../src/server/compose';
import type { VideoApi } from '../src/app/vod/videos';

export interface UploadBenchReport {
  throughput: { bytes: number; seconds: number; megabytesPerSecond: number; peakRssGrowthMegabytes: number };
  uploadEndToReady: { sourceBytes: number; uploadSeconds: number; seconds: number; status: string };
}

const BIG_UPLOAD_BYTES = 256 * 1024 * 1024;

function put(url: string, path: string, contentType: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-type': contentType, 'content-length': String(size) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}

async function uploadTo(runtime: LocalRuntime, title: string, path: string): Promise<{ id: string; status: number; seconds: number }> {
  const size = (await stat(path)).size;
  const video = await runtime.services.videos.createVideo({ title, access: 'FREE' }, 'bench');
  const target = await runtime.services.videos.requestUpload(video.id, 'video/mp4', size, 'bench');
  const started = performance.now();
  const status = await put(target.uploadUrl.replace('//localhost:', '//127.0.0.1:'), path, 'video/mp4', size);
  return { id: video.id, status, seconds: (performance.now() - started) / 1000 };
}

async function waitForEnd(runtime: LocalRuntime, id: string): Promise<VideoApi> {
  for (;;) {
    const video = await runtime.services.videos.video(id, true);
    if (video && (video.status === 'READY' || video.status === 'FAILED')) return video;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function measureUploads(sourcePath: string): Promise<UploadBenchReport> {
  const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-upload-'));
  const runtime = await startLocal(configFromEnv({ PORT: '0', MARQUEE_DATA_DIR: dataDir, MARQUEE_SEED: 'off' }));
  try {
    const big = join(dataDir, 'big.bin');
    const handle = await open(big, 'w');
    await handle.truncate(BIG_UPLOAD_BYTES); // sparse: reading it costs nothing, the server writes every byte
    await handle.close();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const bigUpload = await uploadTo(runtime, 'throughput', big);
    clearInterval(sampler);
    if (bigUpload.status !== 200) throw new Error(`upload answered ${bigUpload.status}`);
    await waitForEnd(runtime, bigUpload.id); // not a video: ends FAILED quickly, out of the way

    const source = await uploadTo(runtime, 'upload to ready', sourcePath);
    if (source.status !== 200) throw new Error(`upload answered ${source.status}`);
    const uploadEnded = performance.now();
    const done = await waitForEnd(runtime, source.id);
    return {
      throughput: {
        bytes: BIG_UPLOAD_BYTES,
        seconds: Number(bigUpload.seconds.toFixed(3)),
        megabytesPerSecond: Number((BIG_UPLOAD_BYTES / 1024 / 1024 / bigUpload.seconds).toFixed(1)),
        peakRssGrowthMegabytes: Number(((rssPeak - rssBefore) / 1024 / 1024).toFixed(1)),
      },
      uploadEndToReady: {
        sourceBytes: (await stat(sourcePath)).size,
        uploadSeconds: Number(source.seconds.toFixed(3)),
        seconds: Number(((performance.now() - uploadEnded) / 1000).toFixed(2)),
        status: done.status,
      },
    };
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function uploadMarkdown(report: UploadBenchReport): string[] {
  const { throughput: t, uploadEndToReady: r } = report;
  return [
    '## Uploads (embedded server, signed PUT streamed to disk)',
    '',
    `**Upload throughput: ${t.megabytesPerSecond} MB/s** — ${t.bytes / 1024 / 1024} MiB in ${t.seconds} s over loopback; peak RSS growth of the process during it ${t.peakRssGrowthMegabytes} MB (the body is streamed, never buffered).`,
    '',
    `**Upload end → ${r.status}: ${r.seconds} s** for the same 60 s 1080p source (${(r.sourceBytes / 1024 / 1024).toFixed(1)} MiB, uploaded in ${r.uploadSeconds} s): ingest workflow start, probe, the full ladder transcode with progress events, publish, projection.`,
    '',
  ];
}
