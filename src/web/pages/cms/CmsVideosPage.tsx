import { useState } from 'react';
import { listVideos, ON_VIDEO_UPDATED } from '../../api/videos';
import type { Video } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { useSubscription } from '../../api/use-subscription';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Empty, Loading } from '../../ui/States';
import { CmsNav } from './CmsNav';
import { VideoForm } from './VideoForm';
import { VideoRow } from './VideoRow';

export function CmsVideosPage() {
  const { t } = useI18n();
  const videos = useQuery(() => listVideos(), []);
  const [editing, setEditing] = useState<Video | 'new' | null>(null);

  const upsert = (v: Video) =>
    videos.set((page) => {
      if (!page) return page;
      const known = page.items.some((x) => x.id === v.id);
      return { ...page, items: known ? page.items.map((x) => (x.id === v.id ? v : x)) : [v, ...page.items] };
    });

  // Ingest progress and status changes of every video arrive here while the page is open.
  useSubscription<{ onVideoUpdated: Video | null }>(ON_VIDEO_UPDATED, undefined, ({ onVideoUpdated: v }) => {
    if (v) upsert(v);
  });

  const items = videos.data?.items ?? [];
  return (
    <section className="cms">
      <h1>{t('cms.title')}</h1>
      <CmsNav />
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          + {t('cmsv.new')}
        </button>
      </div>
      {editing && (
        <VideoForm
          key={editing === 'new' ? 'new' : editing.id}
          {...(editing !== 'new' ? { video: editing } : {})}
          onSaved={(v) => {
            upsert(v);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <ErrorMessage error={videos.error} onRetry={videos.reload} />
      {videos.loading && !videos.data && <Loading />}
      {videos.data && items.length === 0 && <Empty>{t('cmsv.empty')}</Empty>}
      {items.map((v) => (
        <VideoRow key={v.id} video={v} onChanged={upsert} onEdit={() => setEditing(v)} />
      ))}
    </section>
  );
}
