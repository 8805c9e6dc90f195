import type { Money } from '../format/money';
import { gql } from './client';
import { MONEY } from './fields';

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

/** Daily orders, units and revenue for [from, to] (UTC dates, YYYY-MM-DD). STAFF only. */
export const salesReport = (from: string, to: string) =>
  gql<{ salesReport: SalesReport }>(
    `query SalesReport($from: AWSDate!, $to: AWSDate!) {
      salesReport(from: $from, to: $to) {
        from to days { date orders units revenue { ${MONEY} } } totalOrders totalUnits totalRevenue { ${MONEY} }
      }
    }`,
    { from, to },
  ).then((d) => d.salesReport);
