import type { Money } from '../domain/money';
import type { ProductKind } from '../domain/product';

/** Read-model table names (one DynamoDB table each in AWS). */
export const Tables = {
  products: 'products',
} as const;

/** The product as every client sees it: catalog fields plus live stock. */
export interface ProductView {
  id: string;
  sku: string;
  title: string;
  description: string;
  price: Money;
  category: string;
  kind: ProductKind;
  images: string[];
  grantsVideoIds: string[];
  published: boolean;
  available: number;
  onHand: number;
  reserved: number;
  createdAt: string;
  updatedAt: string;
}
