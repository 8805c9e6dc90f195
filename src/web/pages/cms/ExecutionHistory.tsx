import { executions } from '../../api/orders';
import { useQuery } from '../../api/use-query';
import { formatDateTime } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/States';

const time = (iso: string) => {
  const d = new Date(iso);
  return `${d.toLocaleTimeString('en-GB')}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};

/** The engine's detail is JSON; a bare state type is already said by the event, the rest is shown as key: value. */
function detailText(detail: string | null | undefined): string {
  if (!detail) return '';
  try {
    const parsed = JSON.parse(detail) as Record<string, unknown>;
    return Object.entries(parsed)
      .filter(([k]) => k !== 'stateType')
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · ');
  } catch {
    return detail;
  }
}

/** The checkout workflow's recorded state history for one order (reloads when the order changes). */
export function ExecutionHistory({ orderId, version }: { orderId: string; version: string }) {
  const { t, lang } = useI18n();
  const runs = useQuery(() => executions(orderId), [orderId, version]);
  return (
    <section>
      <h3>{t('cmso.history')}</h3>
      <ErrorMessage error={runs.error} onRetry={runs.reload} />
      {runs.loading && !runs.data && <Loading />}
      {runs.data?.length === 0 && <p className="muted">{t('cmso.noHistory')}</p>}
      {runs.data?.map((x) => (
        <div key={x.name} className="execution" data-execution={x.name}>
          <p className="small">
            <strong>{x.machine}</strong> <code>{x.name}</code>{' '}
            <span className={x.status === 'SUCCEEDED' ? 'pill ok' : x.status === 'RUNNING' ? 'pill' : 'pill bad'} data-testid="execution-status">
              {x.status}
            </span>{' '}
            <span className="muted">{formatDateTime(x.startedAt, lang)}</span>
          </p>
          <table className="table small">
            <tbody>
              {x.events.map((e, i) => (
                <tr key={i} data-type={e.type} className={/Fail|Error|Abort|TimedOut/i.test(e.type) ? 'bad' : ''}>
                  <td className="muted num">{time(e.at)}</td>
                  <td>{e.type}</td>
                  <td data-testid="state">{e.state}</td>
                  <td className="muted">{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
