import { gql } from './client';
import { ORDER } from './fields';
import type { Address, DeadLetter, Execution, Order, OrderStatus, Page } from './types';

export interface PlaceOrderInput {
  idempotencyKey: string;
  lines: { sku: string; quantity: number }[];
  paymentMethodId: string;
  shippingAddress?: Address;
}

export const ON_ORDER_UPDATED = `subscription OnOrderUpdated($customerId: ID) { onOrderUpdated(customerId: $customerId) { ${ORDER} } }`;

export const placeOrder = (input: PlaceOrderInput) =>
  gql<{ placeOrder: Order }>(
    `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER} } }`,
    { input },
  ).then((d) => d.placeOrder);

export const getOrder = (id: string) =>
  gql<{ order: Order | null }>(`query Order($id: ID!) { order(id: $id) { ${ORDER} } }`, { id }).then((d) => d.order);

export const myOrders = (nextToken?: string | null) =>
  gql<{ myOrders: Page<Order> }>(
    `query MyOrders($limit: Int, $nextToken: String) { myOrders(limit: $limit, nextToken: $nextToken) { items { ${ORDER} } nextToken } }`,
    { limit: 20, nextToken: nextToken ?? null },
  ).then((d) => d.myOrders);

export const allOrders = (status: OrderStatus | null, nextToken?: string | null) =>
  gql<{ orders: Page<Order> }>(
    `query Orders($status: OrderStatus, $limit: Int, $nextToken: String) {
      orders(status: $status, limit: $limit, nextToken: $nextToken) { items { ${ORDER} } nextToken }
    }`,
    { status, limit: 50, nextToken: nextToken ?? null },
  ).then((d) => d.orders);

export const cancelOrder = (id: string) =>
  gql<{ cancelOrder: Order }>(`mutation Cancel($id: ID!) { cancelOrder(id: $id) { ${ORDER} } }`, { id }).then(
    (d) => d.cancelOrder,
  );

export const refundOrder = (id: string) =>
  gql<{ refundOrder: Order }>(`mutation Refund($id: ID!) { refundOrder(id: $id) { ${ORDER} } }`, { id }).then(
    (d) => d.refundOrder,
  );

export const executions = (orderId: string) =>
  gql<{ executions: Execution[] }>(
    `query Executions($orderId: ID!) {
      executions(orderId: $orderId) { name machine status startedAt stoppedAt events { at type state detail } }
    }`,
    { orderId },
  ).then((d) => d.executions);

export const deadLetters = () =>
  gql<{ deadLetters: DeadLetter[] }>('query DeadLetters { deadLetters { id kind attempts lastError createdAt } }').then(
    (d) => d.deadLetters,
  );

export const redriveDeadLetter = (id: string) =>
  gql<{ redriveDeadLetter: boolean }>('mutation Redrive($id: ID!) { redriveDeadLetter(id: $id) }', { id }).then(
    (d) => d.redriveDeadLetter,
  );
