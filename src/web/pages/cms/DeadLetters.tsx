import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { deadLetters, redriveDeadLetter } from '../../api/orders';
import { useQuery } from '../../api/use-query';
import { formatDateTime } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';

/** Side effects (webhooks, emails) that exhausted their retries, each with a re-drive button. */
export function DeadLetters() {
  const { t, lang } = useI18n();
  const letters = useQuery(deadLetters, []);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState<string>();

  const redrive = async (id: string) => {
    setBusy(id);
    setError(undefined);
    try {
      await redriveDeadLetter(id);
      letters.set((list) => list?.filter((d) => d.id !== id));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="panel dead-letters">
      <h2>{t('cmso.deadLetters')}</h2>
      <ErrorMessage error={letters.error ?? error} onRetry={letters.reload} />
      {letters.data?.length === 0 && <p className="muted">{t('cmso.noDeadLetters')}</p>}
      <ul className="plain">
        {letters.data?.map((d) => (
          <li key={d.id} className="row-between" data-dead-letter={d.id}>
            <span>
              <strong>{d.kind}</strong> · {d.attempts}× · <span className="muted small">{formatDateTime(d.createdAt, lang)}</span>
              {d.lastError && <div className="small field-error">{d.lastError}</div>}
            </span>
            <button type="button" className="small" disabled={busy === d.id} onClick={() => void redrive(d.id)}>
              ↻ {t('cmso.redrive')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
