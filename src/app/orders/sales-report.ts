import { validation } from '../../domain/errors';
import type { Money } from '../../domain/money';
import type { ReadStore } from '../../ports/read-store';
import { Tables, type SaleView } from '../read-models';

export interface SalesDay {
  date: string;
  orders: number;
  units: number;
  revenue: Money;
}

export interface SalesReport {
  from: string;
  to: string;
  days: SalesDay[];
  totalOrders: number;
  totalUnits: number;
  totalRevenue: Money;
}

const MAX_DAYS = 366;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string, field: string): number {
  const time = DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value)
    throw validation(`${field} must be a date such as 2026-11-25`, { field });
  return time;
}

async function salesOn(read: ReadStore, date: string): Promise<SaleView[]> {
  const out: SaleView[] = [];
  let nextToken: string | undefined;
  do {
    const page = await read.list<SaleView>(Tables.sales, { partition: date, limit: 1000, ...(nextToken ? { nextToken } : {}) });
    for (const row of page.items) out.push(row.doc);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/**
 * Daily orders, units and revenue (UTC days) of orders confirmed in [from, to]: revenue is what
 * was captured minus refunds; an order cancelled or refunded later no longer counts as sold.
 */
export async function salesReport(read: ReadStore, from: string, to: string, currency = 'JPY'): Promise<SalesReport> {
  const start = parseDay(from, 'from');
  const end = parseDay(to, 'to');
  if (end < start) throw validation('to must not be before from', { field: 'to' });
  const count = (end - start) / 86_400_000 + 1;
  if (count > MAX_DAYS) throw validation(`a report covers at most ${MAX_DAYS} days`, { field: 'to' });
  const days: SalesDay[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const sales = (await salesOn(read, date)).filter((s) => s.revenue.currency === currency);
    const sold = sales.filter((s) => !s.undone);
    days.push({
      date,
      orders: sold.length,
      units: sold.reduce((n, s) => n + s.units, 0),
      revenue: { amount: sales.reduce((n, s) => n + s.revenue.amount - s.refunded, 0), currency },
    });
  }
  return {
    from,
    to,
    days,
    totalOrders: days.reduce((n, d) => n + d.orders, 0),
    totalUnits: days.reduce((n, d) => n + d.units, 0),
    totalRevenue: { amount: days.reduce((n, d) => n + d.revenue.amount, 0), currency },
  };
}
