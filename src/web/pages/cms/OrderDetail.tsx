import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { cancelOrder, refundOrder } from '../../api/orders';
import type { Order } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';
import { Timeline } from '../orders/Timeline';
import { ExecutionHistory } from './ExecutionHistory';

const REFUNDABLE = new Set(['CONFIRMED', 'FULFILLING', 'SHIPPED', 'DELIVERED']);
const CANCELLABLE = new Set(['PLACED', 'CONFIRMED', 'FULFILLING']);

export function OrderDetail({ order: o, onChanged }: { order: Order; onChanged: (o: Order) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const run = async (action: (id: string) => Promise<Order>, question: string) => {
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await action(o.id));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="order-detail">
      <p className="small">
        {t('cmso.customer')}: <code>{o.customerId}</code>
        {o.failureReason && <> · {o.failureReason}</>}
      </p>
      <ul className="plain small">
        {o.lines.map((l) => (
          <li key={l.sku}>
            {l.quantity} × {l.title} — <Price money={l.lineTotal} />
          </li>
        ))}
      </ul>
      {o.payment && (
        <p className="small">
          {t('order.payment')}: {o.payment.status} <code>{o.payment.paymentId}</code>
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        {REFUNDABLE.has(o.status) && (
          <button type="button" className="small danger" disabled={busy} onClick={() => void run(refundOrder, `${t('cmso.refund')}?`)}>
            {t('cmso.refund')}
          </button>
        )}
        {CANCELLABLE.has(o.status) && o.shipment?.status !== 'SHIPPED' && (
          <button type="button" className="small danger" disabled={busy} onClick={() => void run(cancelOrder, t('order.cancelConfirm'))}>
            {t('cmso.cancel')}
          </button>
        )}
      </div>
      <div className="two">
        <Timeline entries={o.timeline} />
        <ExecutionHistory orderId={o.id} version={o.updatedAt} />
      </div>
    </div>
  );
}
