import { z } from 'zod';
import { validation } from '../../domain/errors';
import type { ShipmentCommand, ShipmentEvent } from '../../domain/shipment';
import type { OutboundWebhook } from '../../ports/outbound-webhooks';
import { verify } from './webhook-signature';

/**
 * The warehouse's wire format, version 1.
 * Out (Marquee -> warehouse): `shipment.instructed`, `shipment.cancelled`.
 * In (warehouse -> `POST /webhooks/warehouse`): `shipment.acknowledged`, `shipment.shipped`, `shipment.delivered`.
 * Both directions are signed with the Marquee-Signature scheme and the same shared secret.
 */
export const WAREHOUSE_MESSAGE_VERSION = 1;

/** Idempotency key of the outbound message for one shipment event kind. */
export const warehouseMessageId = (shipmentId: string, kind: 'instructed' | 'cancelled') => `${shipmentId}.${kind}`;

/**
 * The outbound webhook a shipment event calls for, or undefined when the warehouse need not hear of it
 * (its own reports). `occurredAt` is the event's commit time (meta.at).
 */
export function warehouseWebhookFor(event: ShipmentEvent, url: string, occurredAt: string): OutboundWebhook | undefined {
  switch (event.type) {
    case 'ShipmentInstructed': {
      const { shipmentId, orderId, address, lines } = event.data;
      return {
        id: warehouseMessageId(shipmentId, 'instructed'),
        url,
        body: { type: 'shipment.instructed', version: WAREHOUSE_MESSAGE_VERSION, occurredAt, shipmentId, orderId, address, lines },
      };
    }
    case 'ShipmentCancelled': {
      const { shipmentId, orderId, reason } = event.data;
      return {
        id: warehouseMessageId(shipmentId, 'cancelled'),
        url,
        body: { type: 'shipment.cancelled', version: WAREHOUSE_MESSAGE_VERSION, occurredAt, shipmentId, orderId, reason },
      };
    }
    default:
      return undefined;
  }
}

const shipmentId = z.string().trim().min(1).max(128);

const warehouseReportSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('shipment.acknowledged'), shipmentId }),
  z.object({
    type: z.literal('shipment.shipped'),
    shipmentId,
    carrier: z.string(),
    trackingNumber: z.string(),
  }),
  z.object({ type: z.literal('shipment.delivered'), shipmentId }),
]);

export type WarehouseReport = z.infer<typeof warehouseReportSchema>;

export interface WarehouseCommand {
  readonly shipmentId: string;
  readonly command: ShipmentCommand;
  /** Use as the command's idempotency key: a re-sent report appends nothing. */
  readonly idempotencyKey: string;
}

/** Maps a report to the shipment command it asks for (carrier/tracking are validated by the decider). */
export function commandForReport(report: WarehouseReport): WarehouseCommand {
  const key = (kind: string) => `warehouse:${report.shipmentId}.${kind}`;
  switch (report.type) {
    case 'shipment.acknowledged':
      return { shipmentId: report.shipmentId, command: { type: 'AcknowledgeShipment' }, idempotencyKey: key('acknowledged') };
    case 'shipment.shipped':
      return {
        shipmentId: report.shipmentId,
        command: { type: 'ShipShipment', carrier: report.carrier, trackingNumber: report.trackingNumber },
        idempotencyKey: key('shipped'),
      };
    case 'shipment.delivered':
      return { shipmentId: report.shipmentId, command: { type: 'MarkDelivered' }, idempotencyKey: key('delivered') };
  }
}

export interface InboundRequest {
  readonly rawBody: string;
  readonly signatureHeader: string | undefined | null;
}

/**
 * Authenticates and reads an inbound warehouse webhook: the signature is checked on the raw
 * bytes before anything is parsed (Unauthorized), then the body is validated (ValidationError).
 */
export function readWarehouseReport(
  request: InboundRequest,
  secret: string | readonly string[],
  now: Date,
  toleranceSeconds?: number,
): WarehouseCommand {
  verify(request.rawBody, request.signatureHeader, secret, now, toleranceSeconds);
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    throw validation('webhook body is not JSON');
  }
  const parsed = warehouseReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'type';
    throw validation(`invalid warehouse report: ${field}: ${issue?.message ?? 'invalid'}`, { field });
  }
  return commandForReport(parsed.data);
}
