import { validation } from './errors';
import { assertMoney, multiply, sum, type Money } from './money';
import type { ProductKind } from './product';
import type { ShippingAddress } from './shipment';

/** An order line as placed: priced from the catalog at that moment, never by the client. */
export interface OrderLine {
  readonly sku: string;
  readonly title: string;
  readonly kind: ProductKind;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
  /** Videos this line unlocks (DIGITAL products). */
  readonly grantsVideoIds: readonly string[];
}

export type PricedLine = Omit<OrderLine, 'lineTotal'>;

export const MAX_LINES = 50;
export const MAX_QUANTITY = 99;

const TEXT_MAX = 200;

function text(value: unknown, field: string, max = TEXT_MAX): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max)
    throw validation(`${field} must be 1-${max} characters`, { field });
  return value.trim();
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return text(value, field);
}

/** Quantity rules a client can be told before anything is priced. */
export function assertQuantity(quantity: unknown, index: number): void {
  if (!Number.isSafeInteger(quantity) || (quantity as number) < 1 || (quantity as number) > MAX_QUANTITY)
    throw validation(`lines[${index}].quantity must be a whole number from 1 to ${MAX_QUANTITY}`, {
      field: `lines[${index}].quantity`,
    });
}

export function assertLineCount(count: number): void {
  if (count === 0) throw validation('an order needs at least one line', { field: 'lines' });
  if (count > MAX_LINES) throw validation(`an order has at most ${MAX_LINES} lines`, { field: 'lines' });
}

/** Validates priced lines and computes their totals; every line must share one currency. */
export function totalLines(lines: readonly PricedLine[]): { lines: OrderLine[]; total: Money } {
  assertLineCount(lines.length);
  const seen = new Set<string>();
  const currency = lines[0]!.unitPrice.currency;
  const priced = lines.map((line, i) => {
    assertQuantity(line.quantity, i);
    if (seen.has(line.sku)) throw validation(`sku ${line.sku} appears on more than one line`, { field: `lines[${i}].sku` });
    seen.add(line.sku);
    assertMoney(line.unitPrice, `lines[${i}].unitPrice`);
    if (line.unitPrice.currency !== currency)
      throw validation(`every line must be in one currency: ${line.sku} is priced in ${line.unitPrice.currency}, not ${currency}`, {
        field: `lines[${i}].sku`,
      });
    return { ...line, grantsVideoIds: [...line.grantsVideoIds], lineTotal: multiply(line.unitPrice, line.quantity) };
  });
  return { lines: priced, total: sum(priced.map((l) => l.lineTotal), currency) };
}

/** A shipping address with every required field present and trimmed. */
export function validAddress(address: ShippingAddress | undefined | null): ShippingAddress {
  if (!address || typeof address !== 'object')
    throw validation('a shipping address is required for physical products', { field: 'shippingAddress' });
  const line2 = optionalText(address.line2, 'shippingAddress.line2');
  const region = optionalText(address.region, 'shippingAddress.region');
  const country = text(address.country, 'shippingAddress.country', 64);
  return {
    name: text(address.name, 'shippingAddress.name'),
    line1: text(address.line1, 'shippingAddress.line1'),
    ...(line2 === undefined ? {} : { line2 }),
    city: text(address.city, 'shippingAddress.city'),
    ...(region === undefined ? {} : { region }),
    postalCode: text(address.postalCode, 'shippingAddress.postalCode', 32),
    country,
  };
}

export function assertPaymentMethodId(paymentMethodId: unknown): void {
  if (typeof paymentMethodId !== 'string' || !/^[A-Za-z0-9_]{1,255}$/.test(paymentMethodId))
    throw validation('paymentMethodId must be a payment method id such as pm_card_visa', { field: 'paymentMethodId' });
}
