import type { Catalog } from './catalog/catalog';
import type { CatalogImport } from './catalog/import-catalog';
import type { Checkout } from './checkout/checkout';
import type { Orders } from './orders/orders';
import type { Fulfilment } from './fulfilment/fulfilment';
import type { Videos } from './vod/videos';

/** The use cases the API exposes; each runtime's composition root builds one. */
export interface Services {
  readonly catalog: Catalog;
  readonly catalogImport: CatalogImport;
  readonly checkout: Checkout;
  readonly orders: Orders;
  readonly fulfilment: Fulfilment;
  readonly videos: Videos;
}
