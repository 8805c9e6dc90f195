import type { PlaceOrderInput } from '../../app/checkout/checkout';
import type { OrderStatusFilter, Viewer } from '../../app/orders/orders';
import { DomainError } from '../../domain/errors';
import { actorOf, isStaff, isUser, requireGroup, requireUser, type Identity } from '../identity';
import type { ResolverMap, SubscribeChecks, SubscriptionGuards } from './types';

type PageArgs = { limit?: number | null; nextToken?: string | null };

function viewerOf(identity: Identity): Viewer {
  const user = requireUser(identity);
  return { customerId: user.sub, staff: isStaff(identity), actor: actorOf(identity) };
}

export const orderResolvers: ResolverMap = {
  'Mutation.placeOrder': async ({ args, identity, services }) => {
    const user = requireUser(identity);
    const input = args.input as PlaceOrderInput;
    return services.checkout.placeOrder(input, { customerId: user.sub, name: user.username, actor: actorOf(identity) });
  },

  'Mutation.cancelOrder': async ({ args, identity, services }) =>
    services.orders.cancelOrder(args.id as string, viewerOf(identity)),

  'Mutation.refundOrder': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.orders.refundOrder(args.id as string, viewerOf(identity));
  },

  'Query.order': async ({ args, identity, services }) =>
    (await services.orders.order(args.id as string, viewerOf(identity))) ?? null,

  'Query.myOrders': async ({ args, identity, services }) => {
    const { limit, nextToken } = args as PageArgs;
    return services.orders.myOrders(requireUser(identity).sub, limit, nextToken);
  },

  'Query.orders': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    const { status, limit, nextToken } = args as PageArgs & { status?: OrderStatusFilter | null };
    return services.orders.orders(status, limit, nextToken);
  },

  'Query.executions': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.orders.executions(args.orderId as string);
  },

  'Query.salesReport': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.orders.salesReport(args.from as string, args.to as string);
  },
};

const ownOrStaff = (customerId: unknown, identity: Identity) =>
  isStaff(identity) || (isUser(identity) && customerId === identity.sub);

export const orderSubscriptionGuards: SubscriptionGuards = {
  // A shopper hears only about their own orders, whatever they subscribed with.
  'Subscription.onOrderUpdated': (payload, identity) => ownOrStaff(payload.customerId, identity),
};

export const orderSubscribeChecks: SubscribeChecks = {
  'Subscription.onOrderUpdated': (args, identity) => {
    requireUser(identity);
    if (!ownOrStaff(args.customerId, identity))
      throw new DomainError('Forbidden', 'subscribe with your own customerId (your user id); only staff may follow every order');
  },
};
