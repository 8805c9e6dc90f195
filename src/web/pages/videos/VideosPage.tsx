import { useState } from 'react';
import { listVideos } from '../../api/videos';
import type { Video } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Empty, Loading } from '../../ui/States';
import { VideoCard } from './VideoCard';

export function VideosPage() {
  const { t } = useI18n();
  const first = useQuery(() => listVideos(), []);
  const [more, setMore] = useState<{ items: Video[]; nextToken: string | null }>({ items: [], nextToken: null });
  const nextToken = more.items.length ? more.nextToken : (first.data?.nextToken ?? null);
  const items = [...(first.data?.items ?? []), ...more.items].filter((v) => v.published !== false);

  const loadMore = async () => {
    const page = await listVideos(nextToken);
    setMore((m) => ({ items: [...m.items, ...page.items], nextToken: page.nextToken ?? null }));
  };

  return (
    <section>
      <h1>{t('videos.title')}</h1>
      <ErrorMessage error={first.error} onRetry={first.reload} />
      {first.loading && <Loading />}
      {first.data && items.length === 0 && <Empty>{t('videos.empty')}</Empty>}
      <div className="grid">
        {items.map((v) => (
          <VideoCard key={v.id} video={v} />
        ))}
      </div>
      {nextToken && (
        <button type="button" className="more" onClick={() => void loadMore()}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
