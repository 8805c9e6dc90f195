import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { publishVideo } from '../../api/videos';
import type { Video } from '../../api/types';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { Link } from '../../router/router';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ProgressBar } from '../../ui/ProgressBar';
import { VideoUpload } from './VideoUpload';

const tone = (s: Video['status']) => (s === 'READY' ? 'ok' : s === 'FAILED' ? 'bad' : s === 'CREATED' ? '' : 'warn');

export function VideoRow({ video: v, onChanged, onEdit }: { video: Video; onChanged: (v: Video) => void; onEdit: () => void }) {
  const { t } = useI18n();
  const tr = useTranslateDynamic();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const publish = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await publishVideo(v.id));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="panel video-row" data-video-id={v.id} data-status={v.status}>
      <div className="video-row-main">
        {v.thumbnailUrl ? <img src={v.thumbnailUrl} alt="" className="video-thumb" /> : <div className="video-thumb placeholder" />}
        <div className="grow">
          <div className="row-between">
            <strong>{v.title}</strong>
            <span>
              <span className={`pill ${tone(v.status)}`} data-testid="video-status">
                {tr('vstatus', v.status)}
              </span>{' '}
              <span className={v.published ? 'pill ok' : 'pill'}>{v.published ? t('cms.published') : t('cms.draft')}</span>{' '}
              <span className="pill">{v.access === 'FREE' ? t('videos.free') : t('videos.entitled')}</span>
            </span>
          </div>
          <p className="muted small">
            <code>{v.id}</code>
            {v.durationSeconds ? ` · ${Math.round(v.durationSeconds)} s` : ''}
          </p>
          {(v.status === 'UPLOADED' || v.status === 'PROCESSING') && (
            <ProgressBar value={v.progress ?? 0} label={t('cmsv.progress', { pct: v.progress ?? 0 })} />
          )}
          {v.status === 'FAILED' && <p className="error">{v.failureReason ?? tr('vstatus', 'FAILED')}</p>}
          {v.renditions.length > 0 && (
            <p className="small">
              {t('cmsv.renditions')}: {v.renditions.map((r) => `${r.height}p (${Math.round(r.bitrate / 1000)} kbps)`).join(' · ')}
            </p>
          )}
          <p className="small">
            {t('watch.featured')}: {v.featuredProductIds.join(', ') || '—'}
            <br />
            {t('cmsv.grantedBy')}:{' '}
            {v.grantedByProductIds.length
              ? v.grantedByProductIds.map((id) => (
                  <Link key={id} href={`/product/${encodeURIComponent(id)}`}>
                    {id}{' '}
                  </Link>
                ))
              : '—'}
          </p>
          <ErrorMessage error={error} />
          <div className="actions">
            {(v.status === 'CREATED' || v.status === 'FAILED') && <VideoUpload videoId={v.id} />}
            <button type="button" className="small" onClick={onEdit}>
              {t('common.edit')}
            </button>
            {v.status === 'READY' && !v.published && (
              <button type="button" className="small primary" disabled={busy} onClick={() => void publish()}>
                {t('cmsv.publish')}
              </button>
            )}
            {v.status === 'READY' && (
              <Link href={`/watch/${encodeURIComponent(v.id)}`} className="button small">
                ▶
              </Link>
            )}
          </div>
        </div>
      </div>
    </article>
  );
}
