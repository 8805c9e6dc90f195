export type OrderStatus = 'PLACED' | 'CONFIRMED' | 'FULFILLING' | 'SHIPPED' | 'DELIVERED' | 'FAILED' | 'CANCELLED' | 'REFUNDED';
export type FailureReason = 'OUT_OF_STOCK' | 'PAYMENT_DECLINED' | 'CHECKOUT_ERROR';

/**
 * The allowed moves (Vendure-style). A physical order follows its shipment (SHIPPED, DELIVERED,
 * recorded by the fulfilment reactor); a DIGITAL-only order is DELIVERED once its videos are granted.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PLACED: ['CONFIRMED', 'FAILED', 'CANCELLED'],
  CONFIRMED: ['FULFILLING', 'DELIVERED', 'CANCELLED', 'REFUNDED'],
  FULFILLING: ['SHIPPED', 'CANCELLED', 'REFUNDED'],
  SHIPPED: ['DELIVERED', 'REFUNDED'],
  DELIVERED: ['REFUNDED'],
  FAILED: [],
  CANCELLED: [],
  REFUNDED: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus) => ORDER_TRANSITIONS[from].includes(to);
