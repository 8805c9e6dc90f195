import { inventoryDecider, inventoryStream } from '../../domain/inventory';
import { isDomainError, validation } from '../../domain/errors';
import { productDecider, productStream, type ProductDetails, type ProductState } from '../../domain/product';
import type { CommandHandler } from '../command-handler';
import type { Catalog } from './catalog';
import type { ImportRow } from './import-row';

export interface ApplyDeps {
  readonly catalog: Catalog;
  readonly commands: CommandHandler;
  readonly settled: (position: number) => Promise<void>;
}

export interface RowContext {
  readonly key: string;
  readonly line: number;
  readonly actor: string;
}

export type RowOutcome = 'created' | 'updated' | 'unchanged';

/** A row that could not be applied, or only in part (what landed before the failure stays; the message says so). */
export class RowFailed extends Error {
  override readonly name = 'RowFailed';
}

function changedDetails(state: ProductState, details: Partial<ProductDetails>): Partial<ProductDetails> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(details))
    if (JSON.stringify(state[field as keyof ProductDetails]) !== JSON.stringify(value)) out[field] = value;
  return out as Partial<ProductDetails>;
}

/**
 * Upserts one row. Each step compares with the product's and the inventory's own streams before it
 * acts, so a row that already holds acts not at all. Stock is the one step that is not idempotent by
 * nature (a delta), so its command also carries a key per import file and row: a repeated or
 * concurrent run of the same import appends it once.
 */
export async function applyRow(deps: ApplyDeps, row: ImportRow, ctx: RowContext): Promise<RowOutcome> {
  const { catalog, commands } = deps;
  let outcome: RowOutcome = 'unchanged';
  let step = 'product';
  try {
    let product = (await commands.load(productDecider, productStream(row.sku))).state;
    if (!product.exists) {
      const { title, price, kind } = row.details;
      if (title === undefined || price === undefined || kind === undefined)
        throw validation(`${row.sku} is a new product: it needs title, price, currency and kind`);
      const created = await catalog.createProduct({ ...row.details, sku: row.sku, title, price, kind }, ctx.actor);
      product = { ...product, ...created, exists: true };
      outcome = 'created';
    } else {
      const changes = changedDetails(product, row.details);
      if (Object.keys(changes).length > 0) {
        await catalog.updateProduct(row.sku, changes, ctx.actor);
        outcome = 'updated';
      }
    }
    step = 'published';
    if (row.published !== undefined && row.published !== product.published) {
      await catalog.setPublished(row.sku, row.published, ctx.actor);
      if (outcome === 'unchanged') outcome = 'updated';
    }
    step = 'stock';
    if (row.stock !== undefined && (await setStock(deps, row.sku, row.stock, ctx)) && outcome === 'unchanged')
      outcome = 'updated';
    return outcome;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const kept = outcome === 'unchanged' ? '' : ` (the product was ${outcome}; the rest of the row was not applied)`;
    throw new RowFailed(step === 'product' ? `${error.message}${kept}` : `${step}: ${error.message}${kept}`);
  }
}

async function setStock(deps: ApplyDeps, sku: string, stock: number, ctx: RowContext): Promise<boolean> {
  const { state } = await deps.commands.load(inventoryDecider, inventoryStream(sku));
  const delta = stock - state.onHand;
  if (delta === 0) return false;
  const result = await deps.commands.handle(
    inventoryDecider,
    inventoryStream(sku),
    { type: 'AdjustStock', delta, reason: `import ${ctx.key}` },
    { actor: ctx.actor, idempotencyKey: `import:${ctx.key}:${ctx.line}:stock` },
  );
  if (result.position > 0) await deps.settled(result.position);
  return !result.duplicate && result.events.length > 0;
}
