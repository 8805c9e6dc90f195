import type { InventoryEvent } from '../../domain/inventory';
import type { ProductEvent } from '../../domain/product';
import type { StoredEvent } from '../../ports/event-store';
import type { ReadStore } from '../../ports/read-store';
import type { Notification, Projection } from '../projector';
import { Tables, type ProductView } from '../read-models';

export const PRODUCT_UPDATED = 'publishProductUpdated';

const blank = (sku: string, at: string): ProductView => ({
  id: sku,
  sku,
  title: '',
  description: '',
  price: { amount: 0, currency: 'JPY' },
  category: '',
  kind: 'PHYSICAL',
  images: [],
  grantsVideoIds: [],
  published: false,
  available: 0,
  onHand: 0,
  reserved: 0,
  createdAt: at,
  updatedAt: at,
});

function applyProduct(view: ProductView, event: ProductEvent): ProductView {
  switch (event.type) {
    case 'ProductCreated': {
      const { sku: _sku, ...details } = event.data;
      return { ...view, ...details, images: [...details.images], grantsVideoIds: [...details.grantsVideoIds] };
    }
    case 'ProductUpdated':
      return { ...view, ...(event.data as Partial<ProductView>) };
    case 'ProductPublished':
      return { ...view, published: true };
    case 'ProductUnpublished':
      return { ...view, published: false };
  }
}

function applyInventory(view: ProductView, event: InventoryEvent): ProductView {
  switch (event.type) {
    case 'StockAdjusted':
      return { ...view, onHand: event.data.onHand };
    case 'StockReserved':
      return { ...view, reserved: view.reserved + event.data.quantity };
    case 'StockReleased':
      return { ...view, reserved: view.reserved - event.data.quantity };
    case 'StockCommitted':
      return { ...view, reserved: view.reserved - event.data.quantity, onHand: view.onHand - event.data.quantity };
  }
}

/** What subscribers of onProductUpdated care about. */
const visibleChange = (a: ProductView | undefined, b: ProductView) =>
  !a ||
  a.price.amount !== b.price.amount ||
  a.price.currency !== b.price.currency ||
  a.published !== b.published ||
  a.available !== b.available ||
  a.title !== b.title;

/** products: one row per sku, fed by the product and inventory streams. */
export const productsProjection: Projection = {
  name: 'products',
  tables: [Tables.products],
  async apply(event: StoredEvent, read: ReadStore): Promise<Notification[]> {
    const [kind, ...rest] = event.streamId.split('-');
    if (kind !== 'product' && kind !== 'inventory') return [];
    const sku = rest.join('-');
    const row = await read.get<ProductView>(Tables.products, sku);
    if ((row?.versions[event.streamId] ?? 0) >= event.version) return [];
    const before = row?.doc;
    const base = before ?? blank(sku, event.meta.at);
    const applied =
      kind === 'product'
        ? applyProduct(base, event as unknown as ProductEvent)
        : applyInventory(base, event as unknown as InventoryEvent);
    const doc: ProductView = { ...applied, available: applied.onHand - applied.reserved, updatedAt: event.meta.at };
    await read.put(Tables.products, { id: sku, doc, versions: { ...row?.versions, [event.streamId]: event.version } });
    if (!doc.title || !visibleChange(before, doc)) return [];
    const shopperVisible = doc.published || before?.published === true;
    return [{ mutation: PRODUCT_UPDATED, payload: { ...doc, shopperVisible } }];
  },
};
