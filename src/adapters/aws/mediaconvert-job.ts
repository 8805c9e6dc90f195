import type {
  AudioDescription,
  CreateJobCommandInput,
  H264CodecLevel,
  Output,
  OutputGroup,
} from '@aws-sdk/client-mediaconvert';
import type { H264Level, RenditionSettings, TranscodeSettings } from '../../ports/transcoder';

export interface MediaConvertJobTarget {
  videoId: string;
  /** `s3://bucket/uploads/…` */
  sourceUri: string;
  /** `s3://bucket/videos/<id>/hls/` (trailing slash) */
  destinationUri: string;
  roleArn: string;
  queueArn?: string;
}

const AUDIO_SELECTOR = 'Audio Selector 1';

const CODEC_LEVELS: Record<H264Level, H264CodecLevel> = {
  '3.0': 'LEVEL_3',
  '3.1': 'LEVEL_3_1',
  '3.2': 'LEVEL_3_2',
  '4.0': 'LEVEL_4',
  '4.1': 'LEVEL_4_1',
  '4.2': 'LEVEL_4_2',
};

/** Translates the runtime-neutral settings into a MediaConvert CreateJob request. */
export function buildCreateJobInput(settings: TranscodeSettings, target: MediaConvertJobTarget): CreateJobCommandInput {
  const destination = target.destinationUri.endsWith('/') ? target.destinationUri : `${target.destinationUri}/`;
  return {
    Role: target.roleArn,
    ...(target.queueArn ? { Queue: target.queueArn } : {}),
    UserMetadata: { videoId: target.videoId },
    StatusUpdateInterval: 'SECONDS_10',
    Settings: {
      TimecodeConfig: { Source: 'ZEROBASED' },
      Inputs: [
        {
          FileInput: target.sourceUri,
          TimecodeSource: 'ZEROBASED',
          VideoSelector: { Rotate: 'AUTO' },
          ...(settings.audio ? { AudioSelectors: { [AUDIO_SELECTOR]: { DefaultSelection: 'DEFAULT' } } } : {}),
        },
      ],
      OutputGroups: [hlsGroup(settings, destination), thumbnailGroup(settings, destination)],
    },
  };
}

function hlsGroup(settings: TranscodeSettings, destination: string): OutputGroup {
  return {
    Name: 'HLS',
    OutputGroupSettings: {
      Type: 'HLS_GROUP_SETTINGS',
      HlsGroupSettings: {
        Destination: `${destination}${settings.baseName}`,
        SegmentLength: settings.segmentSeconds,
        SegmentLengthControl: 'GOP_MULTIPLE',
        MinSegmentLength: 0,
        DirectoryStructure: 'SINGLE_DIRECTORY',
        ManifestDurationFormat: 'FLOATING_POINT',
        CodecSpecification: 'RFC_6381',
        OutputSelection: 'MANIFESTS_AND_SEGMENTS',
        StreamInfResolution: 'INCLUDE',
        ClientCache: 'ENABLED',
        ProgramDateTime: 'EXCLUDE',
      },
    },
    Outputs: settings.renditions.map((rendition) => hlsOutput(settings, rendition)),
  };
}

function hlsOutput(settings: TranscodeSettings, rendition: RenditionSettings): Output {
  return {
    NameModifier: rendition.nameModifier,
    ContainerSettings: { Container: 'M3U8', M3u8Settings: {} },
    OutputSettings: { HlsSettings: {} },
    VideoDescription: {
      Width: rendition.width,
      Height: rendition.height,
      ScalingBehavior: 'DEFAULT',
      CodecSettings: {
        Codec: 'H_264',
        H264Settings: {
          RateControlMode: 'QVBR',
          QvbrSettings: { QvbrQualityLevel: rendition.qvbrQuality },
          MaxBitrate: rendition.maxBitrate,
          HrdBufferSize: rendition.bufferSize,
          CodecProfile: 'MAIN',
          CodecLevel: CODEC_LEVELS[rendition.h264Level],
          FramerateControl: 'SPECIFIED',
          FramerateNumerator: settings.frameRate.numerator,
          FramerateDenominator: settings.frameRate.denominator,
          GopSize: settings.gopFrames,
          GopSizeUnits: 'FRAMES',
          GopClosedCadence: 1,
          // Off so keyframes fall only on the GOP cadence: segments stay aligned across renditions.
          SceneChangeDetect: 'DISABLED',
        },
      },
    },
    ...(settings.audio ? { AudioDescriptions: [aacAudio(settings)] } : {}),
  };
}

function aacAudio(settings: TranscodeSettings): AudioDescription {
  const audio = settings.audio!;
  return {
    AudioSourceName: AUDIO_SELECTOR,
    CodecSettings: {
      Codec: 'AAC',
      AacSettings: {
        Bitrate: audio.bitrate,
        SampleRate: audio.sampleRate,
        CodingMode: audio.channels === 1 ? 'CODING_MODE_1_0' : 'CODING_MODE_2_0',
        CodecProfile: 'LC',
        RateControlMode: 'CBR',
      },
    },
  };
}

function thumbnailGroup(settings: TranscodeSettings, destination: string): OutputGroup {
  const thumb = settings.thumbnail;
  return {
    Name: 'Thumbnail',
    OutputGroupSettings: {
      Type: 'FILE_GROUP_SETTINGS',
      FileGroupSettings: { Destination: `${destination}${thumb.baseName}` },
    },
    Outputs: [
      {
        ContainerSettings: { Container: 'RAW' },
        Extension: 'jpg',
        VideoDescription: {
          Width: thumb.width,
          Height: thumb.height,
          ScalingBehavior: 'DEFAULT',
          CodecSettings: {
            Codec: 'FRAME_CAPTURE',
            FrameCaptureSettings: {
              // One capture every atSeconds: capture 0 is the first frame, capture 1 is at atSeconds.
              FramerateNumerator: 1,
              FramerateDenominator: Math.max(1, thumb.atSeconds),
              MaxCaptures: thumb.captureIndex + 1,
              Quality: 80,
            },
          },
        },
      },
    ],
  };
}
