import { useEffect, useRef, useState } from 'react';
import { salesReport } from '../../api/sales';
import { useQuery } from '../../api/use-query';
import { formatMoney } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage, FieldError } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';
import { Loading } from '../../ui/States';
import { useLiveOrders } from '../orders/use-live-orders';
import { CmsNav } from './CmsNav';
import { SalesChart, type SalesMetric } from './SalesChart';

const DAY = 86_400_000;
const COUNTED = new Set(['CONFIRMED', 'CANCELLED', 'REFUNDED']);
const MAX_DAYS = 366;
// The report's days are UTC calendar days, so the defaults are too.
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
const parse = (day: string) => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN);

function rangeError(from: string, to: string): 'sales.dateRequired' | 'sales.toBeforeFrom' | 'sales.tooLong' | undefined {
  const start = parse(from);
  const end = parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return 'sales.dateRequired';
  if (end < start) return 'sales.toBeforeFrom';
  if ((end - start) / DAY + 1 > MAX_DAYS) return 'sales.tooLong';
  return undefined;
}

export function CmsSalesPage() {
  const { t } = useI18n();
  const [from, setFrom] = useState(() => isoDay(Date.now() - 13 * DAY));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  const [metric, setMetric] = useState<SalesMetric>('revenue');
  const invalid = rangeError(from, to);
  const report = useQuery(() => (invalid ? Promise.resolve(undefined) : salesReport(from, to)), [from, to, invalid]);
  const r = invalid ? undefined : report.data;

  // Orders confirmed, cancelled or refunded change the figures: re-read the report, at most twice a second.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveOrders(null, (o) => {
    if (!COUNTED.has(o.status) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      report.reload();
    }, 500);
  });
  const currency = r?.totalRevenue.currency ?? 'JPY';
  const format = (v: number) => (metric === 'revenue' ? formatMoney({ amount: v, currency }) : String(v));

  return (
    <section className="cms sales">
      <h1>{t('cms.title')}</h1>
      <CmsNav />
      <h2>{t('sales.title')}</h2>
      <div className="toolbar">
        <label data-field="from">
          {t('sales.from')} <input type="date" name="from" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label data-field="to" className={invalid ? 'invalid' : ''}>
          {t('sales.to')} <input type="date" name="to" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          <FieldError message={invalid && t(invalid)} />
        </label>
        <label>
          {t('sales.metric')}{' '}
          <select name="metric" value={metric} onChange={(e) => setMetric(e.target.value as SalesMetric)}>
            <option value="revenue">{t('sales.revenue')}</option>
            <option value="orders">{t('sales.orders')}</option>
            <option value="units">{t('sales.units')}</option>
          </select>
        </label>
      </div>
      <p className="muted small">{t('sales.utc')}</p>
      <ErrorMessage error={report.error} onRetry={report.reload} />
      {report.loading && !r && !invalid && <Loading />}
      {r && (
        <>
          <dl className="stats" data-testid="sales-totals">
            <div data-total="orders">
              <dt>{t('sales.orders')}</dt>
              <dd>{r.totalOrders}</dd>
            </div>
            <div data-total="units">
              <dt>{t('sales.units')}</dt>
              <dd>{r.totalUnits}</dd>
            </div>
            <div data-total="revenue">
              <dt>{t('sales.revenue')}</dt>
              <dd>
                <Price money={r.totalRevenue} />
              </dd>
            </div>
          </dl>
          {r.totalOrders === 0 && r.totalRevenue.amount === 0 && <p className="empty">{t('sales.empty')}</p>}
          <div className="panel">
            <SalesChart days={r.days} metric={metric} format={format} label={`${t('sales.title')}: ${t(`sales.${metric}`)}`} />
          </div>
          <div className="table-wrap">
            <table className="table small sales-days">
              <thead>
                <tr>
                  <th>{t('sales.date')}</th>
                  <th className="num">{t('sales.orders')}</th>
                  <th className="num">{t('sales.units')}</th>
                  <th className="num">{t('sales.revenue')}</th>
                </tr>
              </thead>
              <tbody>
                {r.days
                  .filter((d) => d.orders > 0 || d.revenue.amount !== 0)
                  .map((d) => (
                    <tr key={d.date} data-date={d.date}>
                      <td>{d.date}</td>
                      <td className="num">{d.orders}</td>
                      <td className="num">{d.units}</td>
                      <td className="num">
                        <Price money={d.revenue} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
