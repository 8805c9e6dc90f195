/**
 * VOD transcode benchmark: a 60 s 1080p30 lavfi source (testsrc2 + sine) through the full ABR
 * ladder with the local ffmpeg adapter. Speed is source seconds / wall seconds of `transcode`
 * (encode + thumbnail + master playlist); generating the source is not counted.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTranscodeSettings } from '../src/app/vod/transcode-settings';
import { crfForQvbr } from '../src/adapters/local/ffmpeg-args';
import { bundledFfmpegPath } from '../src/adapters/local/ffmpeg-binary';
import { runFfmpeg } from '../src/adapters/local/ffmpeg-process';
import { FfmpegTranscoder } from '../src/adapters/local/ffmpeg-transcoder';
import { measureUploads, uploadMarkdown } from './vod-upload';

const SOURCE_SECONDS = 60;
const REPORT_DIR = join(import.meta.dirname, 'reports');

interface RungReport {
  name: string;
  width: number;
  height: number;
  crf: number;
  maxBitrate: number;
  peakBitrate: number;
  averageBitrate: number;
  segments: number;
  bytes: number;
}

async function generateSource(path: string): Promise<number> {
  const started = performance.now();
  await runFfmpeg(bundledFfmpegPath, [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${SOURCE_SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${SOURCE_SECONDS}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '192k', '-shortest', path,
  ]);
  return (performance.now() - started) / 1000;
}

async function describeRung(dir: string, playlistKey: string): Promise<{ segments: number; bytes: number }> {
  const playlist = await readFile(join(dir, playlistKey), 'utf8');
  const uris = playlist.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  let bytes = 0;
  for (const uri of uris) bytes += (await stat(join(dir, uri.trim()))).size;
  return { segments: uris.length, bytes };
}

export async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-bench-vod-'));
  try {
    await mkdir(join(root, 'uploads'));
    console.log(`generating ${SOURCE_SECONDS} s 1080p source…`);
    const generateSeconds = await generateSource(join(root, 'uploads/source.mp4'));
    const sourceBytes = (await stat(join(root, 'uploads/source.mp4'))).size;

    const transcoder = new FfmpegTranscoder({ root, maxConcurrent: 1 });
    const loadBefore = loadavg();
    const probeStarted = performance.now();
    const probe = await transcoder.probe('uploads/source.mp4');
    const probeMs = performance.now() - probeStarted;
    const settings = buildTranscodeSettings(probe);

    console.log(`transcoding ${settings.renditions.map((r) => r.name).join('/')}…`);
    const progress: Array<{ seconds: number; percent: number }> = [];
    const started = performance.now();
    const result = await transcoder.transcode(
      { videoId: 'bench', sourceKey: 'uploads/source.mp4', outputPrefix: 'videos/bench/hls/', settings },
      (percent) => progress.push({ seconds: (performance.now() - started) / 1000, percent }),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const loadAfter = loadavg();

    const outDir = join(root, 'videos/bench/hls');
    const master = await readFile(join(outDir, result.masterKey), 'utf8');
    const averages = [...master.matchAll(/AVERAGE-BANDWIDTH=(\d+)/g)].map((m) => Number(m[1]));
    const rungs: RungReport[] = [];
    for (const [i, r] of result.renditions.entries()) {
      const rendition = settings.renditions[i]!;
      rungs.push({
        name: r.name,
        width: r.width,
        height: r.height,
        crf: crfForQvbr(rendition.qvbrQuality),
        maxBitrate: rendition.maxBitrate,
        peakBitrate: r.bitrate,
        averageBitrate: averages[i] ?? 0,
        ...(await describeRung(outDir, r.playlistKey)),
      });
    }

    const report = {
      benchmark: 'vod-transcode',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAverage1mBefore: loadBefore[0], loadAverage1mAfter: loadAfter[0] },
      ffmpeg: bundledFfmpegPath,
      source: { seconds: probe.durationSeconds, width: probe.width, height: probe.height, frameRate: probe.frameRate, bytes: sourceBytes, generateSeconds },
      settings: { preset: 'veryfast', segmentSeconds: settings.segmentSeconds, gopFrames: settings.gopFrames, maxConcurrent: 1 },
      probeMs: Math.round(probeMs),
      transcodeWallSeconds: Number(wallSeconds.toFixed(2)),
      speedTimesRealTime: Number((probe.durationSeconds / wallSeconds).toFixed(3)),
      progressUpdates: progress.length,
      renditions: rungs,
      thumbnailBytes: (await stat(join(outDir, result.thumbnailKey))).size,
      uploads: await measureUploads(join(root, 'uploads/source.mp4')),
    };

    await mkdir(REPORT_DIR, { recursive: true });
    await writeFile(join(REPORT_DIR, 'vod.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(REPORT_DIR, 'vod.md'), [toMarkdown(report, rungs), ...uploadMarkdown(report.uploads)].join('\n'));
    console.log(`speed ${report.speedTimesRealTime}x real time (${report.transcodeWallSeconds} s wall for ${probe.durationSeconds} s)`);
    console.log(`upload ${report.uploads.throughput.megabytesPerSecond} MB/s; upload end → ${report.uploads.uploadEndToReady.status} ${report.uploads.uploadEndToReady.seconds} s`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function toMarkdown(
  report: { date: string; machine: { cpus: number; cpuModel: string; loadAverage1mBefore: number; loadAverage1mAfter: number }; source: { seconds: number; width: number; height: number; frameRate: number; generateSeconds: number }; probeMs: number; transcodeWallSeconds: number; speedTimesRealTime: number; thumbnailBytes: number },
  rungs: RungReport[],
): string {
  const kbps = (bps: number) => `${Math.round(bps / 1000)}k`;
  const lines = [
    '# VOD transcode benchmark',
    '',
    `${report.date} · ${report.machine.cpus} CPU (${report.machine.cpuModel}) · load avg ${report.machine.loadAverage1mBefore.toFixed(2)} → ${report.machine.loadAverage1mAfter.toFixed(2)}`,
    '',
    `Source: ${report.source.seconds} s ${report.source.width}x${report.source.height} @ ${report.source.frameRate} fps (lavfi testsrc2 + sine, generated in ${report.source.generateSeconds.toFixed(1)} s, not counted).`,
    `Local ffmpeg adapter, bundled 2018 ffmpeg, x264 veryfast, one ffmpeg process for the whole ladder, 1 job at a time.`,
    '',
    `**Speed: ${report.speedTimesRealTime}× real time** — ${report.transcodeWallSeconds} s wall for the full ladder (encode + thumbnail + master playlist); probe ${report.probeMs} ms.`,
    '',
    '| rung | size | CRF | max bitrate | peak (BANDWIDTH) | average | segments | bytes |',
    '|---|---|---|---|---|---|---|---|',
    ...rungs.map((r) => `| ${r.name} | ${r.width}x${r.height} | ${r.crf} | ${kbps(r.maxBitrate)} | ${kbps(r.peakBitrate)} | ${kbps(r.averageBitrate)} | ${r.segments} | ${r.bytes} |`),
    '',
    `Thumbnail: ${report.thumbnailBytes} bytes.`,
    '',
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
