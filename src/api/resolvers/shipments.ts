import type { ShipmentStatus } from '../../domain/shipment';
import { actorOf, inGroup, isStaff, requireGroup, type Identity } from '../identity';
import type { ResolverMap, SubscribeChecks, SubscriptionGuards } from './types';

const mayWorkShipments = (identity: Identity) => isStaff(identity) || inGroup(identity, 'WAREHOUSE');

export const shipmentResolvers: ResolverMap = {
  'Query.shipments': async ({ args, identity, services }) => {
    requireGroup(identity, 'WAREHOUSE', 'STAFF');
    return services.fulfilment.shipments((args.status as ShipmentStatus | null | undefined) ?? undefined);
  },

  'Mutation.acknowledgeShipment': async ({ args, identity, services }) => {
    requireGroup(identity, 'WAREHOUSE', 'STAFF');
    return services.fulfilment.acknowledge(args.id as string, actorOf(identity));
  },

  'Mutation.shipShipment': async ({ args, identity, services }) => {
    requireGroup(identity, 'WAREHOUSE', 'STAFF');
    return services.fulfilment.ship(
      args.id as string,
      args.carrier as string,
      args.trackingNumber as string,
      actorOf(identity),
    );
  },

  'Mutation.markDelivered': async ({ args, identity, services }) => {
    requireGroup(identity, 'WAREHOUSE', 'STAFF');
    return services.fulfilment.markDelivered(args.id as string, actorOf(identity));
  },

  'Query.deadLetters': async ({ identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.fulfilment.deadLetters();
  },

  'Mutation.redriveDeadLetter': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.fulfilment.redriveDeadLetter(args.id as string);
  },
};

export const shipmentSubscribeChecks: SubscribeChecks = {
  'Subscription.onShipmentUpdated': (_args, identity) => {
    requireGroup(identity, 'WAREHOUSE', 'STAFF');
  },
};

export const shipmentSubscriptionGuards: SubscriptionGuards = {
  // Belt and braces: the subscribe check already refuses everyone else.
  'Subscription.onShipmentUpdated': (_payload, identity) => mayWorkShipments(identity),
};
