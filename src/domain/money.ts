import { validation } from './errors';

/** Integer minor units plus an ISO 4217 currency code. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export function assertMoney(money: Money, field = 'price'): void {
  if (!Number.isSafeInteger(money.amount) || money.amount < 0)
    throw validation(`${field}.amount must be a whole number of minor units, 0 or more`, { field });
  if (!/^[A-Z]{3}$/.test(money.currency))
    throw validation(`${field}.currency must be a three-letter ISO code such as JPY`, { field });
}

export const multiply = (money: Money, quantity: number): Money => ({
  amount: money.amount * quantity,
  currency: money.currency,
});

export function sum(items: readonly Money[], currency: string): Money {
  let amount = 0;
  for (const m of items) {
    if (m.currency !== currency) throw validation(`cannot add ${m.currency} to ${currency}`);
    amount += m.amount;
  }
  return { amount, currency };
}
