import { readFile } from 'node:fs/promises';
import { bundledFfmpegPath } from '../../src/adapters/local/ffmpeg-binary';
import { runFfmpeg } from '../../src/adapters/local/ffmpeg-process';

/** A small test clip: lavfi testsrc + a sine tone, H.264/AAC in MP4. */
export async function generateClip(path: string, size = '640x480', seconds = 3): Promise<void> {
  await runFfmpeg(bundledFfmpegPath, [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path,
  ]);
}

/** Decodes a playlist (file or URL) end to end with ffmpeg; returns the decoded duration in seconds. */
export async function decodedSeconds(input: string): Promise<number> {
  let outTime = 0;
  await runFfmpeg(bundledFfmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', '-i', input, '-f', 'null', '-'], {
    onStdoutLine: (line) => {
      if (line.startsWith('out_time_ms=')) outTime = Number(line.slice('out_time_ms='.length)) / 1e6;
    },
  });
  return outTime;
}

/** PUTs a file to an upload URL as a browser would. */
export async function putFile(uploadUrl: string, path: string, contentType: string): Promise<Response> {
  const body = await readFile(path);
  return fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': contentType }, body });
}
