import { inventoryDecider, inventoryStream } from '../../domain/inventory';
import { assertSku, productDecider, productStream, type ProductDetails } from '../../domain/product';
import { notFound } from '../../domain/errors';
import type { ReadStore } from '../../ports/read-store';
import type { CommandHandler } from '../command-handler';
import { listAll } from '../paging';
import { Tables, type ProductView } from '../read-models';
import { queryProducts, type ProductQuery, type ProductPage } from './product-query';

export interface CatalogDeps {
  readonly commands: CommandHandler;
  readonly read: ReadStore;
  /** Resolves once the read models reflect the log up to `position`. */
  readonly settled: (position: number) => Promise<void>;
}

export type CreateProductInput = { sku: string } & Partial<ProductDetails> &
  Pick<ProductDetails, 'title' | 'price' | 'kind'>;

export class Catalog {
  constructor(private readonly deps: CatalogDeps) {}

  async products(query: ProductQuery, includeDrafts: boolean): Promise<ProductPage> {
    const rows = await this.allProducts();
    return queryProducts(rows, query, includeDrafts);
  }

  async categories(includeDrafts: boolean): Promise<string[]> {
    const visible = (await this.allProducts()).filter((p) => includeDrafts || p.published);
    return [...new Set(visible.map((p) => p.category).filter(Boolean))].sort();
  }

  async product(id: string, includeDrafts: boolean): Promise<ProductView | undefined> {
    const row = await this.deps.read.get<ProductView>(Tables.products, id);
    if (!row || !row.doc.title) return undefined;
    return row.doc.published || includeDrafts ? row.doc : undefined;
  }

  async createProduct(input: CreateProductInput, actor: string): Promise<ProductView> {
    const details: ProductDetails = {
      title: input.title,
      description: input.description ?? '',
      price: input.price,
      category: input.category ?? '',
      kind: input.kind,
      images: input.images ?? [],
      grantsVideoIds: input.grantsVideoIds ?? [],
    };
    const outcome = await this.deps.commands.handle(
      productDecider,
      productStream(input.sku),
      { type: 'CreateProduct', sku: input.sku, details },
      { actor },
    );
    return this.view(input.sku, outcome.position);
  }

  async updateProduct(id: string, changes: Partial<ProductDetails>, actor: string): Promise<ProductView> {
    const outcome = await this.deps.commands.handle(
      productDecider,
      productStream(id),
      { type: 'UpdateProduct', changes },
      { actor },
    );
    return this.view(id, outcome.position);
  }

  async setPublished(id: string, published: boolean, actor: string): Promise<ProductView> {
    const outcome = await this.deps.commands.handle(
      productDecider,
      productStream(id),
      { type: published ? 'PublishProduct' : 'UnpublishProduct' },
      { actor },
    );
    return this.view(id, outcome.position);
  }

  async adjustStock(sku: string, delta: number, reason: string, actor: string): Promise<ProductView> {
    assertSku(sku);
    const product = await this.deps.commands.load(productDecider, productStream(sku));
    if (!product.state.exists) throw notFound(`no product with sku ${sku}`);
    const outcome = await this.deps.commands.handle(
      inventoryDecider,
      inventoryStream(sku),
      { type: 'AdjustStock', delta, reason },
      { actor },
    );
    return this.view(sku, outcome.position);
  }

  private async view(id: string, position: number): Promise<ProductView> {
    await this.deps.settled(position);
    const row = await this.deps.read.get<ProductView>(Tables.products, id);
    if (!row) throw notFound(`no product ${id}`);
    return row.doc;
  }

  private async allProducts(): Promise<ProductView[]> {
    return (await listAll<ProductView>(this.deps.read, Tables.products)).filter((p) => p.title);
  }
}
