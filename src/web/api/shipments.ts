import { gql } from './client';
import { SHIPMENT } from './fields';
import type { Shipment, ShipmentStatus } from './types';

export const ON_SHIPMENT_UPDATED = `subscription OnShipmentUpdated { onShipmentUpdated { ${SHIPMENT} } }`;

export const listShipments = (status: ShipmentStatus | null) =>
  gql<{ shipments: Shipment[] }>(
    `query Shipments($status: ShipmentStatus) { shipments(status: $status) { ${SHIPMENT} } }`,
    { status },
  ).then((d) => d.shipments);

export const acknowledgeShipment = (id: string) =>
  gql<{ acknowledgeShipment: Shipment }>(
    `mutation Ack($id: ID!) { acknowledgeShipment(id: $id) { ${SHIPMENT} } }`,
    { id },
  ).then((d) => d.acknowledgeShipment);

export const shipShipment = (id: string, carrier: string, trackingNumber: string) =>
  gql<{ shipShipment: Shipment }>(
    `mutation Ship($id: ID!, $carrier: String!, $trackingNumber: String!) {
      shipShipment(id: $id, carrier: $carrier, trackingNumber: $trackingNumber) { ${SHIPMENT} }
    }`,
    { id, carrier, trackingNumber },
  ).then((d) => d.shipShipment);
