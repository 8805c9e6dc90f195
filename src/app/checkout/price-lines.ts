import { DomainError, validation } from '../../domain/errors';
import { assertLineCount, assertQuantity, type PricedLine } from '../../domain/order-placement';
import { SKU_PATTERN } from '../../domain/product';
import type { ReadStore } from '../../ports/read-store';
import { Tables, type ProductView } from '../read-models';

export interface RequestedLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * Prices the requested lines from the catalog as it is now (never from the client): every sku
 * must be a published product. Stock is checked optimistically here so a shopper hears at once
 * when an item is sold out; the guarantee is the reservation on the inventory stream.
 */
export async function priceLines(read: ReadStore, requested: readonly RequestedLine[]): Promise<PricedLine[]> {
  if (!Array.isArray(requested)) throw validation('lines must be a list', { field: 'lines' });
  assertLineCount(requested.length);
  const merged = new Map<string, number>();
  requested.forEach((line, i) => {
    if (typeof line?.sku !== 'string' || !SKU_PATTERN.test(line.sku))
      throw validation(`lines[${i}].sku is not a valid sku`, { field: `lines[${i}].sku` });
    assertQuantity(line.quantity, i);
    merged.set(line.sku, (merged.get(line.sku) ?? 0) + line.quantity);
  });
  const priced: PricedLine[] = [];
  let i = 0;
  for (const [sku, quantity] of merged) {
    assertQuantity(quantity, i);
    const product = (await read.get<ProductView>(Tables.products, sku))?.doc;
    if (!product || !product.title || !product.published)
      throw validation(`${sku} is not a product that is for sale`, { field: `lines[${i}].sku`, sku });
    if (product.available < quantity)
      throw new DomainError('OutOfStock', `${product.title} (${sku}): only ${Math.max(0, product.available)} left`, {
        sku,
        available: Math.max(0, product.available),
        requested: quantity,
      });
    priced.push({
      sku,
      title: product.title,
      kind: product.kind,
      quantity,
      unitPrice: product.price,
      grantsVideoIds: product.grantsVideoIds,
    });
    i++;
  }
  return priced;
}
