import { useState } from 'react';
import { getVideo, playback } from '../../api/videos';
import { useQuery } from '../../api/use-query';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';
import { ProductCard } from '../storefront/ProductCard';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Empty, Loading } from '../../ui/States';
import { useLiveOrders } from '../orders/use-live-orders';
import { HlsPlayer } from './HlsPlayer';
import { useLiveProducts } from './use-live-products';

const LOCKED = new Set(['Forbidden', 'Unauthorized']);

export function WatchPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const video = useQuery(() => getVideo(id), [id]);
  const ready = video.data?.status === 'READY';
  const play = useQuery(() => (ready ? playback(id) : Promise.resolve(null)), [id, ready]);
  const [playerError, setPlayerError] = useState<string>();
  const v = video.data;
  const featured = useLiveProducts(v?.featuredProductIds ?? []);
  const locked = !!play.error && LOCKED.has(play.error.errorType);
  const grantors = useLiveProducts(locked ? (v?.grantedByProductIds ?? []) : []);
  // A purchase (or refund) of a product that grants this video, in this tab or another, re-asks for playback.
  const granting = new Set(v?.grantedByProductIds ?? []);
  useLiveOrders(user && ready && granting.size > 0 ? user.sub : undefined, (o) => {
    if (!o.lines.some((l) => granting.has(l.sku))) return;
    // While playing, only a refund or cancellation matters (a new URL would restart the player).
    if (locked || o.status === 'REFUNDED' || o.status === 'CANCELLED') play.reload();
  });

  if (video.loading && !v) return <Loading />;
  if (video.error) return <ErrorMessage error={video.error} onRetry={video.reload} />;
  if (!v) return <Empty action={<Link href="/videos">{t('videos.title')}</Link>}>{t('watch.notFound')}</Empty>;

  let stage;
  if (!ready) stage = <div className="locked">{t('watch.notReady')}</div>;
  else if (locked)
    stage = (
      <div className="locked" data-testid="locked">
        <div>
          <h2>🔒 {t('watch.lockedTitle')}</h2>
          <p>{user ? t('watch.lockedBuy') : t('watch.lockedSignin')}</p>
          <ul className="plain">
            {(grantors.data ?? []).map((p) => (
              <li key={p.id}>
                <Link href={`/product/${encodeURIComponent(p.id)}`}>{p.title}</Link>
              </li>
            ))}
          </ul>
          {!user && (
            <Link href={`/signin?next=/watch/${encodeURIComponent(id)}`} className="button primary">
              {t('nav.signin')}
            </Link>
          )}
        </div>
      </div>
    );
  else if (play.data) stage = <HlsPlayer src={play.data.url} poster={v.thumbnailUrl ?? undefined} onFatal={setPlayerError} />;
  else stage = play.loading ? <Loading /> : <ErrorMessage error={play.error} onRetry={play.reload} />;

  return (
    <section className="watch" data-video-id={v.id}>
      <div>
        {stage}
        {playerError && <ErrorMessage error={new Error(playerError)} onRetry={play.reload} />}
        <h1>{v.title}</h1>
        <p className="description">{v.description}</p>
      </div>
      {(featured.data?.length ?? 0) > 0 && (
        <aside className="featured">
          <h2>{t('watch.featured')}</h2>
          {featured.data!.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </aside>
      )}
    </section>
  );
}
