import type { CreateVideoInput } from '../../app/vod/videos';
import type { VideoDetails } from '../../domain/video';
import { actorOf, isStaff, isUser, requireGroup, requireUser } from '../identity';
import type { ResolverMap, SubscriptionGuards } from './types';

const strip = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

export const videoResolvers: ResolverMap = {
  'Query.videos': async ({ args, identity, services }) =>
    services.videos.videos(args.limit as number | null, args.nextToken as string | null, isStaff(identity)),

  'Query.video': async ({ args, identity, services }) =>
    (await services.videos.video(args.id as string, isStaff(identity))) ?? null,

  'Query.playback': async ({ args, identity, services }) =>
    services.videos.playback(args.videoId as string, {
      staff: isStaff(identity),
      ...(isUser(identity) ? { customerId: identity.sub } : {}),
    }),

  'Query.myLibrary': async ({ identity, services }) => services.videos.library(requireUser(identity).sub),

  'Mutation.createVideo': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.videos.createVideo(strip(args.input as CreateVideoInput) as CreateVideoInput, actorOf(identity));
  },

  'Mutation.updateVideo': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.videos.updateVideo(args.id as string, strip(args.input as Partial<VideoDetails>), actorOf(identity));
  },

  'Mutation.publishVideo': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.videos.setPublished(args.id as string, true, actorOf(identity));
  },

  'Mutation.requestVideoUpload': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.videos.requestUpload(
      args.videoId as string,
      args.contentType as string,
      args.size as number,
      actorOf(identity),
    );
  },
};

export const videoSubscriptionGuards: SubscriptionGuards = {
  // Drafts (and their ingest progress) are pushed to staff only; everyone hears about published videos.
  'Subscription.onVideoUpdated': (payload, identity) => payload.published === true || isStaff(identity),
};
