import type { Money } from '../domain/money';
import type { OrderStatus } from '../domain/order';
import type { ProductKind } from '../domain/product';
import type { Rendition, VideoAccess, VideoStatus } from '../domain/video';
import type { ShipmentLine, ShipmentStatus, ShippingAddress } from '../domain/shipment';

/** Read-model table names (one DynamoDB table each in AWS). */
export const Tables = {
  products: 'products',
  shipments: 'shipments',
  videos: 'videos',
  orders: 'orders',
  sales: 'sales',
  library: 'library',
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

/** A video as the read side keeps it (row partition = PUBLISHED or DRAFT); blob keys stay internal. */
export interface VideoView {
  id: string;
  title: string;
  description: string;
  access: VideoAccess;
  status: VideoStatus;
  published: boolean;
  progress: number | null;
  failureReason: string | null;
  durationSeconds: number | null;
  renditions: Rendition[];
  featuredProductIds: string[];
  /** Blob keys of the current source and of the finished package. */
  sourceKey: string | null;
  manifestKey: string | null;
  outputPrefix: string | null;
  thumbnailKey: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An order as its customer and staff see it (row partition = customerId, for myOrders). */
export interface OrderView {
  id: string;
  customerId: string;
  status: OrderStatus;
  failureReason: string | null;
  lines: OrderLineView[];
  total: Money;
  shippingAddress: ShippingAddress | null;
  payment: OrderPaymentView | null;
  shipment: OrderShipmentView | null;
  timeline: TimelineEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface OrderLineView {
  sku: string;
  title: string;
  kind: ProductKind;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface OrderPaymentView {
  paymentId: string | null;
  /** PENDING, AUTHORIZED, DECLINED, CAPTURED, VOIDED, REFUNDED, PARTIALLY_REFUNDED */
  status: string;
  amount: Money;
  refunded: Money | null;
}

export interface OrderShipmentView {
  shipmentId: string;
  status: ShipmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
}

export interface TimelineEntry {
  at: string;
  type: string;
  detail: string | null;
}

/** One confirmed order's contribution to the sales report (row partition = its UTC date). */
export interface SaleView {
  orderId: string;
  date: string;
  units: number;
  revenue: Money;
  refunded: number;
  /** Cancelled or refunded after confirmation: no longer counted as an order sold. */
  undone: boolean;
}

/** The videos a customer may watch (row id = customerId). */
export interface LibraryView {
  customerId: string;
  videos: Record<string, LibraryEntry>;
}

export interface LibraryEntry {
  /** The first order that still grants the video. */
  orderId: string;
  orderIds: string[];
  grantedAt: string;
}
