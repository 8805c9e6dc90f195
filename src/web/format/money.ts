export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Integer minor units -> "￥1,200". JPY has no minor unit; others divide by 10^digits. */
export function formatMoney(money: Money): string {
  let f = formatters.get(money.currency);
  if (!f) {
    f = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: money.currency });
    formatters.set(money.currency, f);
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 0;
  return f.format(money.amount / 10 ** digits);
}

export const formatDateTime = (iso: string, lang: string) =>
  new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
