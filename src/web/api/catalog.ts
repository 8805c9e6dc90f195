import { gql } from './client';
import { PRODUCT } from './fields';
import type { Page, Product, ProductKind, ProductSort } from './types';
import type { Money } from '../format/money';

export interface ProductFilter {
  search?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
}

export interface ProductInput {
  title: string;
  description: string;
  price: Money;
  category: string;
  kind: ProductKind;
  images: string[];
  grantsVideoIds: string[];
}

export const ON_PRODUCT_UPDATED = `subscription OnProductUpdated($id: ID) { onProductUpdated(id: $id) { ${PRODUCT} } }`;

export const listProducts = (filter: ProductFilter, sort: ProductSort, limit: number, nextToken?: string | null) =>
  gql<{ products: Page<Product> }>(
    `query Products($filter: ProductFilter, $sort: ProductSort, $limit: Int, $nextToken: String) {
      products(filter: $filter, sort: $sort, limit: $limit, nextToken: $nextToken) { items { ${PRODUCT} } nextToken total }
    }`,
    { filter, sort, limit, nextToken: nextToken ?? null },
  ).then((d) => d.products);

export const getProduct = (id: string) =>
  gql<{ product: Product | null }>(`query Product($id: ID!) { product(id: $id) { ${PRODUCT} } }`, { id }).then(
    (d) => d.product,
  );

export const listCategories = () =>
  gql<{ categories: string[] }>('query Categories { categories }').then((d) => d.categories);

export const createProduct = (sku: string, input: ProductInput) =>
  gql<{ createProduct: Product }>(
    `mutation CreateProduct($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT} } }`,
    { input: { sku, ...input } },
  ).then((d) => d.createProduct);

export const updateProduct = (id: string, input: ProductInput) =>
  gql<{ updateProduct: Product }>(
    `mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { ${PRODUCT} } }`,
    { id, input },
  ).then((d) => d.updateProduct);

export const setPublished = (id: string, published: boolean) =>
  published
    ? gql<{ publishProduct: Product }>(
        `mutation Publish($id: ID!) { publishProduct(id: $id) { ${PRODUCT} } }`,
        { id },
      ).then((d) => d.publishProduct)
    : gql<{ unpublishProduct: Product }>(
        `mutation Unpublish($id: ID!) { unpublishProduct(id: $id) { ${PRODUCT} } }`,
        { id },
      ).then((d) => d.unpublishProduct);

export const adjustStock = (sku: string, delta: number, reason: string) =>
  gql<{ adjustStock: Product }>(
    `mutation AdjustStock($sku: String!, $delta: Int!, $reason: String!) {
      adjustStock(sku: $sku, delta: $delta, reason: $reason) { ${PRODUCT} }
    }`,
    { sku, delta, reason },
  ).then((d) => d.adjustStock);
