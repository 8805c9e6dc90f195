import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { requestVideoUpload } from '../../api/videos';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ProgressBar } from '../../ui/ProgressBar';
import { putWithProgress } from './upload';

/** Pick a file -> requestVideoUpload -> PUT with a real progress bar; ingest then starts by itself. */
export function VideoUpload({ videoId }: { videoId: string }) {
  const { t } = useI18n();
  const [progress, setProgress] = useState<number>();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | Error>();

  const upload = async (file: File) => {
    setError(undefined);
    setDone(false);
    setProgress(0);
    try {
      const target = await requestVideoUpload(videoId, file.type || 'video/mp4', file.size);
      await putWithProgress(target.uploadUrl, file, (f) => setProgress(f * 100));
      setDone(true);
    } catch (e) {
      setError(e instanceof Error && !('errors' in e) ? e : toApiError(e));
      setProgress(undefined);
    }
  };

  const uploading = progress !== undefined && !done;
  return (
    <div className="upload">
      <label className="button small">
        ⬆ {t('cmsv.upload')}
        <input
          type="file"
          accept="video/*"
          hidden
          disabled={uploading}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
            e.target.value = '';
          }}
        />
      </label>
      {uploading && <ProgressBar value={progress} label={t('cmsv.uploading', { pct: Math.round(progress) })} />}
      {done && <span className="small notice-inline">{t('cmsv.uploaded')}</span>}
      <ErrorMessage error={error} />
    </div>
  );
}
