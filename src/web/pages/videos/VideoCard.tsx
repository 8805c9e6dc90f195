import type { Video } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';

const duration = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

export function VideoCard({ video: v, unlocked }: { video: Video; unlocked?: boolean }) {
  const { t } = useI18n();
  const href = `/watch/${encodeURIComponent(v.id)}`;
  return (
    <article className="card video-card" data-video-id={v.id}>
      <Link href={href} className="card-image">
        {v.thumbnailUrl ? <img src={v.thumbnailUrl} alt="" loading="lazy" /> : <div className="placeholder" />}
        <span className={v.access === 'FREE' ? 'pill ok tag' : 'pill tag'}>
          {v.access === 'FREE' ? t('videos.free') : unlocked ? '▶' : `🔒 ${t('videos.entitled')}`}
        </span>
      </Link>
      <div className="card-body">
        <Link href={href} className="card-title">
          {v.title}
        </Link>
        <div className="muted small">{v.durationSeconds ? duration(v.durationSeconds) : ''}</div>
      </div>
    </article>
  );
}
