import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { createVideo, updateVideo, type VideoInput } from '../../api/videos';
import type { Video, VideoAccess } from '../../api/types';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { ErrorMessage, FieldError } from '../../ui/ErrorMessage';

const ids = (s: string) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

/** Create a video, or edit its title/description/access/featured products. */
export function VideoForm({ video, onSaved, onCancel }: { video?: Video; onSaved: (v: Video) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const tr = useTranslateDynamic();
  const [title, setTitle] = useState(video?.title ?? '');
  const [description, setDescription] = useState(video?.description ?? '');
  const [access, setAccess] = useState<VideoAccess>(video?.access ?? 'ENTITLED');
  const [featured, setFeatured] = useState(video?.featuredProductIds.join(', ') ?? '');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setFieldErrors({ title: t('form.titleRequired') });
      return;
    }
    setFieldErrors({});
    setError(undefined);
    setBusy(true);
    const input: VideoInput = { title: title.trim(), description, access, featuredProductIds: ids(featured) };
    try {
      onSaved(video ? await updateVideo(video.id, input) : await createVideo(input));
    } catch (err) {
      const api = toApiError(err);
      const field = api.field?.split('.')[0];
      if (field && ['title', 'description', 'access', 'featuredProductIds'].includes(field))
        setFieldErrors({ [field]: `${tr('error', api.errorType)} (${api.errorType}): ${api.message}` });
      else setError(api);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form panel" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{video ? `${t('common.edit')}: ${video.title}` : t('cmsv.new')}</h2>
      <ErrorMessage error={error} />
      <label className={fieldErrors.title ? 'field invalid' : 'field'} data-field="title">
        <span>{t('form.title')}</span>
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} />
        <FieldError message={fieldErrors.title} />
      </label>
      <label className="field" data-field="description">
        <span>{t('form.description')}</span>
        <textarea name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        <FieldError message={fieldErrors.description} />
      </label>
      <label className="field" data-field="access">
        <span>{t('cmsv.access')}</span>
        <select name="access" value={access} onChange={(e) => setAccess(e.target.value as VideoAccess)}>
          <option value="ENTITLED">{t('videos.entitled')}</option>
          <option value="FREE">{t('videos.free')}</option>
        </select>
      </label>
      <label className={fieldErrors.featuredProductIds ? 'field invalid' : 'field'} data-field="featuredProductIds">
        <span>{t('cmsv.featured')}</span>
        <input name="featuredProductIds" value={featured} onChange={(e) => setFeatured(e.target.value)} placeholder="TEA-MATCHA-30, MUG-ARITA" />
        <FieldError message={fieldErrors.featuredProductIds} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
