import type { Catalog } from './catalog/catalog';

/** The use cases the API exposes; each runtime's composition root builds one. */
export interface Services {
  readonly catalog: Catalog;
}
