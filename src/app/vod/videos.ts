import { randomBytes, randomUUID } from 'node:crypto';
import { notFound, validation } from '../../domain/errors';
import { assertVideoId, videoDecider, videoStream, type VideoDetails } from '../../domain/video';
import type { BlobStore } from '../../ports/blob-store';
import type { Clock } from '../../ports/clock';
import type { MediaSigner } from '../../ports/media-signer';
import type { ReadStore } from '../../ports/read-store';
import type { CommandHandler } from '../command-handler';
import { listAll, offsetFromToken, offsetToken } from '../paging';
import { Tables, type ProductView, type VideoView } from '../read-models';
import { videoSourceKey } from './ingest-keys';
import { entitledVideoIdsOf } from './library';
import { authorizePlayback, type PlaybackGrant, type Viewer } from './playback';

export interface VideosDeps {
  readonly commands: CommandHandler;
  readonly read: ReadStore;
  readonly settled: (position: number) => Promise<void>;
  readonly blobs: BlobStore;
  readonly signer: MediaSigner;
  readonly clock: Clock;
}

/** A video as the API returns it: the read model plus a poster URL and the products that grant it. */
export type VideoApi = VideoView & { thumbnailUrl: string | null; grantedByProductIds: string[] };

export interface VideoPage {
  readonly items: VideoApi[];
  readonly nextToken: string | null;
}

export interface UploadTarget {
  readonly uploadUrl: string;
  readonly key: string;
  readonly expiresAt: string;
}

export type CreateVideoInput = Pick<VideoDetails, 'title' | 'access'> & Partial<VideoDetails>;

/** A large source over a slow link takes a while to start; the URL is checked when the PUT begins. */
const UPLOAD_URL_TTL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Staff's video library and what every visitor may list. */
export class Videos {
  constructor(private readonly deps: VideosDeps) {}

  async createVideo(input: CreateVideoInput, actor: string): Promise<VideoApi> {
    const videoId = randomUUID();
    const details: VideoDetails = {
      title: input.title,
      description: input.description ?? '',
      access: input.access,
      featuredProductIds: input.featuredProductIds ?? [],
    };
    const outcome = await this.deps.commands.handle(
      videoDecider,
      videoStream(videoId),
      { type: 'CreateVideo', videoId, details },
      { actor },
    );
    return this.viewAfter(videoId, outcome.position);
  }

  async updateVideo(id: string, changes: Partial<VideoDetails>, actor: string): Promise<VideoApi> {
    assertVideoId(id);
    const outcome = await this.deps.commands.handle(videoDecider, videoStream(id), { type: 'UpdateVideo', changes }, { actor });
    return this.viewAfter(id, outcome.position);
  }

  async setPublished(id: string, published: boolean, actor: string): Promise<VideoApi> {
    assertVideoId(id);
    const type = published ? 'PublishVideo' : 'UnpublishVideo';
    const outcome = await this.deps.commands.handle(videoDecider, videoStream(id), { type }, { actor });
    return this.viewAfter(id, outcome.position);
  }

  /** Records the upload on the video, then signs a one-shot PUT for exactly that key, type and size. */
  async requestUpload(videoId: string, contentType: string, size: number, actor: string): Promise<UploadTarget> {
    assertVideoId(videoId);
    const key = videoSourceKey(videoId, randomBytes(8).toString('hex'));
    const expiresAt = new Date(this.deps.clock.now().getTime() + UPLOAD_URL_TTL_MS);
    await this.deps.commands.handle(
      videoDecider,
      videoStream(videoId),
      { type: 'RequestUpload', key, contentType, size },
      { actor },
    );
    const uploadUrl = await this.deps.blobs.createUploadUrl({ key, contentType, maxBytes: size, expiresAt });
    return { uploadUrl, key, expiresAt: expiresAt.toISOString() };
  }

  async videos(limit: number | null | undefined, nextToken: string | null | undefined, includeDrafts: boolean): Promise<VideoPage> {
    const size = limit ?? 24;
    if (!Number.isInteger(size) || size < 1 || size > 100) throw validation('limit must be 1-100');
    const offset = nextToken ? offsetFromToken(nextToken) : 0;
    const all = (await this.allVideos(includeDrafts)).sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id),
    );
    const products = await this.allProducts();
    const items = await Promise.all(all.slice(offset, offset + size).map((v) => this.present(v, includeDrafts, products)));
    return { items, nextToken: offset + size < all.length ? offsetToken(offset + size) : null };
  }

  async video(id: string, includeDrafts: boolean): Promise<VideoApi | undefined> {
    const view = await this.find(id);
    if (!view || (!view.published && !includeDrafts)) return undefined;
    return this.present(view, includeDrafts);
  }

  /** Published videos the customer has bought (free videos are in `videos` for everyone). */
  async library(customerId: string): Promise<VideoApi[]> {
    const ids = await entitledVideoIdsOf(this.deps.read, customerId);
    const views = await Promise.all(ids.map((id) => this.find(id)));
    const products = await this.allProducts();
    const visible = views.filter((v): v is VideoView => v !== undefined && v.published);
    return Promise.all(visible.map((v) => this.present(v, false, products)));
  }

  /** A short-lived signed URL of the master playlist, for those who may watch. */
  async playback(videoId: string, viewer: Viewer): Promise<PlaybackGrant> {
    const { read, signer, clock } = this.deps;
    return authorizePlayback({ read, signer, clock, find: (id) => this.find(id) }, videoId, viewer);
  }

  async find(id: string): Promise<VideoView | undefined> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) return undefined;
    return (await this.deps.read.get<VideoView>(Tables.videos, id))?.doc;
  }

  /**
   * Adds the poster URL and the granting products. The poster is signed for its own key only
   * (not the package), with an expiry rounded to the day so the URL stays cacheable.
   */
  async present(view: VideoView, includeDrafts: boolean, products?: readonly ProductView[]): Promise<VideoApi> {
    const all = products ?? (await this.allProducts());
    const grantedByProductIds = all
      .filter((p) => p.grantsVideoIds.includes(view.id) && (includeDrafts || p.published))
      .map((p) => p.id);
    let thumbnailUrl: string | null = null;
    if (view.status === 'READY' && view.thumbnailKey) {
      const expiresAt = new Date((Math.floor(this.deps.clock.now().getTime() / DAY_MS) + 2) * DAY_MS);
      thumbnailUrl = await this.deps.signer.signedUrl({ key: view.thumbnailKey, scopePrefix: view.thumbnailKey, expiresAt });
    }
    return { ...view, thumbnailUrl, grantedByProductIds };
  }

  private async viewAfter(id: string, position: number): Promise<VideoApi> {
    await this.deps.settled(position);
    const view = await this.find(id);
    if (!view) throw notFound(`no video ${id}`);
    return this.present(view, true);
  }

  private allVideos(includeDrafts: boolean): Promise<VideoView[]> {
    return listAll<VideoView>(this.deps.read, Tables.videos, includeDrafts ? undefined : 'PUBLISHED');
  }

  private async allProducts(): Promise<ProductView[]> {
    return (await listAll<ProductView>(this.deps.read, Tables.products)).filter((p) => p.title);
  }
}

