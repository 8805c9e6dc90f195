import { gql } from './client';
import { VIDEO } from './fields';
import type { Page, Video, VideoAccess } from './types';

export interface VideoInput {
  title: string;
  description: string;
  access: VideoAccess;
  featuredProductIds: string[];
}

export const ON_VIDEO_UPDATED = `subscription OnVideoUpdated($id: ID) { onVideoUpdated(id: $id) { ${VIDEO} } }`;

export const listVideos = (nextToken?: string | null) =>
  gql<{ videos: Page<Video> }>(
    `query Videos($limit: Int, $nextToken: String) { videos(limit: $limit, nextToken: $nextToken) { items { ${VIDEO} } nextToken } }`,
    { limit: 24, nextToken: nextToken ?? null },
  ).then((d) => d.videos);

export const getVideo = (id: string) =>
  gql<{ video: Video | null }>(`query Video($id: ID!) { video(id: $id) { ${VIDEO} } }`, { id }).then((d) => d.video);

export const playback = (videoId: string) =>
  gql<{ playback: { url: string; expiresAt: string } }>(
    'query Playback($videoId: ID!) { playback(videoId: $videoId) { url expiresAt } }',
    { videoId },
  ).then((d) => d.playback);

export const myLibrary = () =>
  gql<{ myLibrary: Video[] }>(`query MyLibrary { myLibrary { ${VIDEO} } }`).then((d) => d.myLibrary);

export const createVideo = (input: VideoInput) =>
  gql<{ createVideo: Video }>(
    `mutation CreateVideo($input: CreateVideoInput!) { createVideo(input: $input) { ${VIDEO} } }`,
    { input },
  ).then((d) => d.createVideo);

export const updateVideo = (id: string, input: Partial<VideoInput>) =>
  gql<{ updateVideo: Video }>(
    `mutation UpdateVideo($id: ID!, $input: UpdateVideoInput!) { updateVideo(id: $id, input: $input) { ${VIDEO} } }`,
    { id, input },
  ).then((d) => d.updateVideo);

export const requestVideoUpload = (videoId: string, contentType: string, size: number) =>
  gql<{ requestVideoUpload: { uploadUrl: string; key: string; expiresAt: string } }>(
    `mutation RequestUpload($videoId: ID!, $contentType: String!, $size: Float!) {
      requestVideoUpload(videoId: $videoId, contentType: $contentType, size: $size) { uploadUrl key expiresAt }
    }`,
    { videoId, contentType, size },
  ).then((d) => d.requestVideoUpload);

export const publishVideo = (id: string) =>
  gql<{ publishVideo: Video }>(`mutation PublishVideo($id: ID!) { publishVideo(id: $id) { ${VIDEO} } }`, { id }).then(
    (d) => d.publishVideo,
  );
