import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';

/** The static ffmpeg shipped inside `@ffmpeg-installer/<platform>` (a 2018 build, no ffprobe). */
export const bundledFfmpegPath: string = ffmpegInstaller.path;
