import type { ApiError } from '../api/errors';
import { useI18n, useTranslateDynamic } from '../i18n/i18n';

/** An API error in words: the errorType's human name, then the server's message. */
export function ErrorMessage({ error, onRetry }: { error: ApiError | Error | undefined | null; onRetry?: () => void }) {
  const { t } = useI18n();
  const tr = useTranslateDynamic();
  if (!error) return null;
  const type = 'errorType' in error ? error.errorType : 'InternalError';
  return (
    <div className="error" role="alert" data-error-type={type}>
      <strong>{tr('error', type)}</strong>
      <span>: {error.message}</span>
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** A validation message right under the field it is about. */
export function FieldError({ message }: { message: string | undefined }) {
  return message ? (
    <span className="field-error" role="alert">
      {message}
    </span>
  ) : null;
}
