import type { SalesDay } from '../../api/sales';

export type SalesMetric = 'revenue' | 'orders' | 'units';

const W = 720;
const H = 240;
const PAD = { top: 14, right: 8, bottom: 30, left: 88 };

export const metricValue = (d: SalesDay, metric: SalesMetric) => (metric === 'revenue' ? d.revenue.amount : d[metric]);

/** 1, 2, 5 × 10^n at or above `n`, so the axis has round numbers. */
function niceCeil(n: number): number {
  if (n <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].map((m) => m * step).find((v) => v >= n) ?? 10 * step);
}

/** One bar per day (SVG, no chart library); the axis labels are formatted by `format`. */
export function SalesChart({
  days,
  metric,
  format,
  label,
}: {
  days: readonly SalesDay[];
  metric: SalesMetric;
  format: (value: number) => string;
  label: string;
}) {
  const values = days.map((d) => Math.max(0, metricValue(d, metric)));
  const max = niceCeil(Math.max(0, ...values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  // At most ~10 date labels, whatever the range.
  const every = Math.max(1, Math.ceil(days.length / 10));
  return (
    <svg className="sales-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-metric={metric}>
      {[0, max / 2, max].map((v) => (
        <g key={v} className="tick">
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
            {format(v)}
          </text>
        </g>
      ))}
      {days.map((d, i) => {
        const v = values[i]!;
        const x = PAD.left + i * slot + (slot - barW) / 2;
        return (
          <g key={d.date} className="day">
            <rect className="bar" x={x} y={y(v)} width={barW} height={y(0) - y(v)} data-date={d.date} data-value={v}>
              <title>{`${d.date}: ${format(v)}`}</title>
            </rect>
            {i % every === 0 && (
              <text x={x + barW / 2} y={H - 8} textAnchor="middle">
                {d.date.slice(5).replace('-', '/')}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
