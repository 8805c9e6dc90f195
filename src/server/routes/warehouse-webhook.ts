import type { Fulfilment } from '../../app/fulfilment/fulfilment';
import { handleWarehouseWebhook } from '../../app/fulfilment/warehouse-webhook-endpoint';
import { SIGNATURE_HEADER } from '../../app/fulfilment/webhook-signature';
import type { Clock } from '../../ports/clock';
import { header, readBody, sendJson, type Route } from '../http-util';

export const WAREHOUSE_WEBHOOK_PATH = '/webhooks/warehouse';

/** Reports are tiny JSON documents; anything bigger is refused before it is read whole. */
const MAX_REPORT_BYTES = 64 * 1024;

/**
 * `POST /webhooks/warehouse`: the external warehouse system acknowledges, ships or delivers.
 * The signature is verified on the raw bytes; forged or stale requests get 401 and change nothing.
 */
export function warehouseWebhookRoute(deps: {
  readonly fulfilment: Pick<Fulfilment, 'applyWarehouseCommand'>;
  readonly secret: string | readonly string[];
  readonly clock: Clock;
}): Route {
  return {
    method: 'POST',
    path: WAREHOUSE_WEBHOOK_PATH,
    handler: async (req, res) => {
      const rawBody = (await readBody(req, MAX_REPORT_BYTES)).toString('utf8');
      const answer = await handleWarehouseWebhook(
        { rawBody, signatureHeader: header(req, SIGNATURE_HEADER) },
        { secret: deps.secret, clock: deps.clock, apply: (command) => deps.fulfilment.applyWarehouseCommand(command) },
      );
      sendJson(res, answer.status, answer.body);
    },
  };
}
