import type { TimelineEntry } from '../../api/types';
import { formatDateTime } from '../../format/money';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';

/** Newest first; each event in words (unknown types fall back to their name), the raw type kept as data-type. */
export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const { t, lang } = useI18n();
  const tr = useTranslateDynamic();
  return (
    <section>
      <h2>{t('order.timeline')}</h2>
      <ol className="timeline">
        {[...entries].reverse().map((e, i) => (
          <li key={`${e.at}-${e.type}-${i}`} data-type={e.type}>
            <strong title={e.type}>{tr('event', e.type)}</strong> <span className="muted small">{formatDateTime(e.at, lang)}</span>
            {e.detail && <div className="small">{e.detail}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
