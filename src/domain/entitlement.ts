import type { Decider, DomainEvent } from './decider';
import { validation } from './errors';

/**
 * The videos a customer may watch, stream `entitlements-<customerId>`. A video may be granted
 * by several orders; it stays watchable until every order that granted it is revoked (refund).
 */
export interface EntitlementState {
  /** videoId -> the orders that grant it */
  readonly grants: Readonly<Record<string, readonly string[]>>;
}

export type EntitlementCommand =
  | { type: 'GrantEntitlements'; orderId: string; videoIds: readonly string[] }
  | { type: 'RevokeEntitlements'; orderId: string; reason: string };

export type EntitlementEvent =
  | DomainEvent<'EntitlementGranted', { videoId: string; orderId: string }>
  | DomainEvent<'EntitlementRevoked', { videoId: string; orderId: string; reason: string }>;

export const entitlementStream = (customerId: string) => `entitlements-${customerId}`;

const MAX_VIDEOS = 1000;

export const entitlementDecider: Decider<EntitlementCommand, EntitlementState, EntitlementEvent> = {
  initialState: { grants: {} },
  decide(command, state) {
    if (typeof command.orderId !== 'string' || command.orderId.length === 0)
      throw validation('orderId is required', { field: 'orderId' });
    switch (command.type) {
      case 'GrantEntitlements': {
        if (command.videoIds.length > MAX_VIDEOS) throw validation(`at most ${MAX_VIDEOS} videos per order`);
        const fresh = [...new Set(command.videoIds)].filter((videoId) => {
          if (typeof videoId !== 'string' || videoId.length === 0) throw validation('video ids must be non-empty');
          return !state.grants[videoId]?.includes(command.orderId);
        });
        return fresh.map((videoId) => ({ type: 'EntitlementGranted', data: { videoId, orderId: command.orderId } }));
      }
      case 'RevokeEntitlements':
        return Object.entries(state.grants)
          .filter(([, orders]) => orders.includes(command.orderId))
          .map(([videoId]) => ({
            type: 'EntitlementRevoked',
            data: { videoId, orderId: command.orderId, reason: command.reason },
          }));
    }
  },
  evolve(state, event) {
    const { videoId, orderId } = event.data;
    const orders = state.grants[videoId] ?? [];
    switch (event.type) {
      case 'EntitlementGranted':
        return { grants: { ...state.grants, [videoId]: [...orders, orderId] } };
      case 'EntitlementRevoked': {
        const left = orders.filter((o) => o !== orderId);
        const { [videoId]: _gone, ...rest } = state.grants;
        return { grants: left.length ? { ...rest, [videoId]: left } : rest };
      }
      default:
        return state;
    }
  },
};

export const entitledVideos = (state: EntitlementState): string[] => Object.keys(state.grants);
