import type { Money } from '../domain/money';
import type { ProductKind } from '../domain/product';
import type { ShipmentLine, ShipmentStatus, ShippingAddress } from '../domain/shipment';

/** Read-model table names (one DynamoDB table each in AWS). */
export const Tables = {
  products: 'products',
  shipments: 'shipments',
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

/** A shipping instruction as the warehouse sees it (row partition = status). */
export interface ShipmentView {
  id: string;
  orderId: string;
  customerId: string;
  status: ShipmentStatus;
  address: ShippingAddress;
  lines: ShipmentLine[];
  carrier?: string;
  trackingNumber?: string;
  cancelReason?: string;
  createdAt: string;
  updatedAt: string;
}
