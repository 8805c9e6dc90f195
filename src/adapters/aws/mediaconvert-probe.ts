import type { ProbeCommandOutput } from '@aws-sdk/client-mediaconvert';
import { DomainError, validation } from '../../domain/errors';
import type { ProbeResult } from '../../ports/transcoder';

/** Reads MediaConvert's Probe response; anything without a sized video track is "not a video". */
export function probeResultFromMediaConvert(output: ProbeCommandOutput, sourceKey: string): ProbeResult {
  const container = output.ProbeResults?.[0]?.Container;
  if (!container) throw validation(`not a video: ${sourceKey} has no recognisable container`);
  const tracks = container.Tracks ?? [];
  const video = tracks.find((t) => t.TrackType === 'video');
  const props = video?.VideoProperties;
  if (!video || !props?.Width || !props.Height) {
    throw validation(`not a video: ${sourceKey} has no video track`, { format: container.Format });
  }
  const durationSeconds = container.Duration ?? video.Duration ?? 0;
  if (!(durationSeconds > 0)) throw validation(`not a video: ${sourceKey} has no duration`);
  const rotation = Math.abs(props.CodecMetadata?.Rotation ?? 0) % 180;
  const [width, height] = rotation === 90 ? [props.Height, props.Width] : [props.Width, props.Height];
  const rate = props.FrameRate;
  return {
    durationSeconds,
    width,
    height,
    frameRate: rate?.Numerator && rate.Denominator ? rate.Numerator / rate.Denominator : 0,
    hasAudio: tracks.some((t) => t.TrackType === 'audio'),
    videoCodec: (video.Codec ?? 'unknown').toLowerCase(),
  };
}

/** Probe rejects unreadable media with 400s; those are final, anything else may be transient. */
export function probeErrorFromMediaConvert(error: unknown, sourceKey: string): unknown {
  const name = (error as { name?: string } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'BadRequestException') return validation(`not a video: ${sourceKey}: ${message}`);
  if (name === 'NotFoundException') return new DomainError('NotFound', `source not found: ${sourceKey}`);
  return error;
}
