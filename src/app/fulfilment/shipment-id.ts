/**
 * One order has at most one shipment (its physical lines), so the shipment id is derived from
 * the order id: CreateShipment is idempotent across workflow retries, and cancelOrder finds the
 * shipment without a lookup.
 */
export const shipmentIdForOrder = (orderId: string) => `shp-${orderId}`;
