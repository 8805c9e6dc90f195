import { executions } from '../../api/orders';
import { useQuery } from '../../api/use-query';
import { formatDateTime } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/States';

/** The checkout workflow's recorded state history for one order (reloads when the order changes). */
export function ExecutionHistory({ orderId, version }: { orderId: string; version: string }) {
  const { t, lang } = useI18n();
  const runs = useQuery(() => executions(orderId), [orderId, version]);
  return (
    <section>
      <h3>{t('cmso.history')}</h3>
      <ErrorMessage error={runs.error} onRetry={runs.reload} />
      {runs.loading && !runs.data && <Loading />}
      {runs.data?.length === 0 && <p className="muted">—</p>}
      {runs.data?.map((x) => (
        <div key={x.name} className="execution">
          <p className="small">
            <strong>{x.machine}</strong> <code>{x.name}</code> <span className="pill">{x.status}</span>{' '}
            <span className="muted">{formatDateTime(x.startedAt, lang)}</span>
          </p>
          <table className="table small">
            <tbody>
              {x.events.map((e, i) => (
                <tr key={i} className={/Fail|Error/i.test(e.type) ? 'bad' : ''}>
                  <td className="muted">{new Date(e.at).toLocaleTimeString()}</td>
                  <td>{e.type}</td>
                  <td>{e.state}</td>
                  <td className="muted">{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
