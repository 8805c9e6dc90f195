import { isDomainError, type ErrorType } from '../../domain/errors';
import type { Clock } from '../../ports/clock';
import { readWarehouseReport, type InboundRequest, type WarehouseCommand } from './warehouse-messages';

export interface WarehouseEndpointDeps {
  readonly secret: string | readonly string[];
  readonly clock: Clock;
  readonly toleranceSeconds?: number;
  /** Runs the command on stream shipment-<id> (with its idempotency key); returns the shipment's status after it. */
  readonly apply: (command: WarehouseCommand) => Promise<string | undefined>;
}

export interface EndpointResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

const HTTP_STATUS: Readonly<Record<ErrorType, number>> = {
  Unauthorized: 401,
  Forbidden: 403,
  ValidationError: 400,
  NotFound: 404,
  Conflict: 409,
  OutOfStock: 409,
  PaymentDeclined: 402,
  InternalError: 500,
};

/**
 * `POST /webhooks/warehouse`, independent of any HTTP server: the caller passes the raw body and the
 * Marquee-Signature header and writes back the status and JSON body. A refused request changes nothing.
 * A 4xx tells the warehouse not to retry; a 5xx (unexpected failure) invites a retry, which is safe
 * because every report is idempotent.
 */
export async function handleWarehouseWebhook(request: InboundRequest, deps: WarehouseEndpointDeps): Promise<EndpointResponse> {
  try {
    const command = readWarehouseReport(request, deps.secret, deps.clock.now(), deps.toleranceSeconds);
    const shipmentStatus = await deps.apply(command);
    return { status: 200, body: { ok: true, shipmentId: command.shipmentId, status: shipmentStatus ?? null } };
  } catch (e) {
    if (isDomainError(e)) return { status: HTTP_STATUS[e.errorType], body: { errorType: e.errorType, message: e.message } };
    return { status: 500, body: { errorType: 'InternalError', message: 'the report could not be processed' } };
  }
}
