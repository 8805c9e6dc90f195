import type { Decider, DomainEvent } from './decider';
import { conflict, notFound, validation } from './errors';
import { assertMoney, type Money } from './money';

export type ProductKind = 'PHYSICAL' | 'DIGITAL';

export interface ProductDetails {
  readonly title: string;
  readonly description: string;
  readonly price: Money;
  readonly category: string;
  readonly kind: ProductKind;
  readonly images: readonly string[];
  readonly grantsVideoIds: readonly string[];
}

/** A product is identified by its sku: one stream per sku, `product-<sku>`. */
export interface ProductState extends ProductDetails {
  readonly exists: boolean;
  readonly sku: string;
  readonly published: boolean;
}

export type ProductCommand =
  | { type: 'CreateProduct'; sku: string; details: ProductDetails }
  | { type: 'UpdateProduct'; changes: Partial<ProductDetails> }
  | { type: 'PublishProduct' }
  | { type: 'UnpublishProduct' };

export type ProductEvent =
  | DomainEvent<'ProductCreated', { sku: string } & ProductDetails>
  | DomainEvent<'ProductUpdated', Partial<ProductDetails>>
  | DomainEvent<'ProductPublished', Record<string, never>>
  | DomainEvent<'ProductUnpublished', Record<string, never>>;

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const productStream = (sku: string) => `product-${sku}`;

export function assertSku(sku: string): void {
  if (!SKU_PATTERN.test(sku))
    throw validation('sku must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit', {
      field: 'sku',
    });
}

function assertDetails(d: Partial<ProductDetails>): void {
  if (d.title !== undefined && (d.title.trim().length === 0 || d.title.length > 200))
    throw validation('title must be 1-200 characters', { field: 'title' });
  if (d.description !== undefined && d.description.length > 5000)
    throw validation('description must be at most 5000 characters', { field: 'description' });
  if (d.price !== undefined) assertMoney(d.price);
  if (d.category !== undefined && d.category.length > 64)
    throw validation('category must be at most 64 characters', { field: 'category' });
  if (d.kind !== undefined && d.kind !== 'PHYSICAL' && d.kind !== 'DIGITAL')
    throw validation('kind must be PHYSICAL or DIGITAL', { field: 'kind' });
  if (d.images !== undefined && d.images.length > 20)
    throw validation('at most 20 images', { field: 'images' });
  if (d.grantsVideoIds !== undefined && d.grantsVideoIds.length > 100)
    throw validation('at most 100 granted videos', { field: 'grantsVideoIds' });
}

const initialState: ProductState = {
  exists: false,
  sku: '',
  published: false,
  title: '',
  description: '',
  price: { amount: 0, currency: 'JPY' },
  category: '',
  kind: 'PHYSICAL',
  images: [],
  grantsVideoIds: [],
};

function changedFields(state: ProductState, changes: Partial<ProductDetails>): Partial<ProductDetails> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (JSON.stringify(state[key as keyof ProductDetails]) !== JSON.stringify(value)) out[key] = value;
  }
  return out as Partial<ProductDetails>;
}

export const productDecider: Decider<ProductCommand, ProductState, ProductEvent> = {
  initialState,
  decide(command, state) {
    switch (command.type) {
      case 'CreateProduct': {
        assertSku(command.sku);
        assertDetails(command.details);
        if (state.exists) throw conflict(`a product with sku ${command.sku} already exists`, { sku: command.sku });
        return [{ type: 'ProductCreated', data: { sku: command.sku, ...command.details } }];
      }
      case 'UpdateProduct': {
        if (!state.exists) throw notFound('no such product');
        assertDetails(command.changes);
        const changes = changedFields(state, command.changes);
        return Object.keys(changes).length ? [{ type: 'ProductUpdated', data: changes }] : [];
      }
      case 'PublishProduct':
        if (!state.exists) throw notFound('no such product');
        return state.published ? [] : [{ type: 'ProductPublished', data: {} }];
      case 'UnpublishProduct':
        if (!state.exists) throw notFound('no such product');
        return state.published ? [{ type: 'ProductUnpublished', data: {} }] : [];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ProductCreated':
        return { ...state, ...event.data, exists: true };
      case 'ProductUpdated':
        return { ...state, ...event.data };
      case 'ProductPublished':
        return { ...state, published: true };
      case 'ProductUnpublished':
        return { ...state, published: false };
      default:
        return state;
    }
  },
};
