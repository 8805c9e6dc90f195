import type { Money } from '../format/money';

export type ProductKind = 'PHYSICAL' | 'DIGITAL';
export type ProductSort = 'NEWEST' | 'PRICE_ASC' | 'PRICE_DESC' | 'TITLE';
export type OrderStatus =
  | 'PLACED' | 'CONFIRMED' | 'FULFILLING' | 'SHIPPED' | 'DELIVERED' | 'FAILED' | 'CANCELLED' | 'REFUNDED';
export type VideoStatus = 'CREATED' | 'UPLOADED' | 'PROCESSING' | 'READY' | 'FAILED';
export type VideoAccess = 'FREE' | 'ENTITLED';
export type ShipmentStatus = 'INSTRUCTED' | 'ACKNOWLEDGED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

export interface Product {
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

export interface Page<T> {
  items: T[];
  nextToken?: string | null;
  total?: number;
}

export interface Rendition {
  name: string;
  width: number;
  height: number;
  bitrate: number;
}

export interface Video {
  id: string;
  title: string;
  description: string;
  access: VideoAccess;
  status: VideoStatus;
  published: boolean;
  progress?: number | null;
  failureReason?: string | null;
  durationSeconds?: number | null;
  thumbnailUrl?: string | null;
  renditions: Rendition[];
  featuredProductIds: string[];
  grantedByProductIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  country: string;
}

export interface OrderLine {
  sku: string;
  title: string;
  kind: ProductKind;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface TimelineEntry {
  at: string;
  type: string;
  detail?: string | null;
}

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  failureReason?: string | null;
  lines: OrderLine[];
  total: Money;
  shippingAddress?: Address | null;
  payment?: { paymentId?: string | null; status: string; amount: Money; refunded?: Money | null } | null;
  shipment?: { shipmentId: string; status: ShipmentStatus; carrier?: string | null; trackingNumber?: string | null } | null;
  timeline: TimelineEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface Shipment {
  id: string;
  orderId: string;
  customerId: string;
  status: ShipmentStatus;
  address: Address;
  lines: { sku: string; title: string; quantity: number }[];
  carrier?: string | null;
  trackingNumber?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Execution {
  name: string;
  machine: string;
  status: string;
  startedAt: string;
  stoppedAt?: string | null;
  events: { at: string; type: string; state?: string | null; detail?: string | null }[];
}

export interface DeadLetter {
  id: string;
  kind: string;
  attempts: number;
  lastError?: string | null;
  createdAt: string;
}
