import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { cancelOrder, getOrder } from '../../api/orders';
import type { Order } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { cart } from '../../cart/cart';
import { formatDateTime } from '../../format/money';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { Link, navigate } from '../../router/router';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';
import { Empty, Loading } from '../../ui/States';
import { OrderSteps, StatusPill } from './OrderSteps';
import { Timeline } from './Timeline';
import { useLiveOrders } from './use-live-orders';
import { orderNumber } from '../../format/order-number';

const CANCELLABLE = new Set(['PLACED', 'CONFIRMED', 'FULFILLING']);

export function OrderPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const tr = useTranslateDynamic();
  const order = useQuery(() => getOrder(id), [id]);
  const [actionError, setActionError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  // Updates are taken only when newer, so a late push cannot move the status backwards.
  const take = (o: Order | null) => {
    if (o?.id === id) order.set((prev) => (!prev || o.updatedAt >= prev.updatedAt ? o : prev));
  };
  // Once the subscription is live, re-read the order: a change between the first read and then was not pushed to us.
  useLiveOrders(order.data?.customerId, take, () => void getOrder(id).then(take, () => undefined));

  if (order.loading && !order.data) return <Loading />;
  if (order.error) return <ErrorMessage error={order.error} onRetry={order.reload} />;
  const o: Order | null | undefined = order.data;
  if (!o) return <Empty action={<Link href="/orders">{t('nav.orders')}</Link>}>{t('order.notFound')}</Empty>;

  const cancel = async () => {
    if (!window.confirm(t('order.cancelConfirm'))) return;
    setBusy(true);
    setActionError(undefined);
    try {
      const updated = await cancelOrder(o.id);
      order.set(() => updated);
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const retry = () => {
    for (const l of o.lines)
      cart.add({ productId: l.sku, sku: l.sku, title: l.title, price: l.unitPrice, kind: l.kind }, l.quantity);
    navigate('/checkout');
  };

  const shipped = o.shipment?.status === 'SHIPPED' || o.shipment?.status === 'DELIVERED';
  return (
    <section className="narrow order" data-order-id={o.id} data-status={o.status}>
      <p>
        <Link href="/orders">← {t('nav.orders')}</Link>
      </p>
      <h1>
        {t('order.title')} <code className="small">{orderNumber(o.id)}</code> <StatusPill status={o.status} />
      </h1>
      <p className="muted">{t('orders.placedAt', { at: formatDateTime(o.createdAt, lang) })}</p>
      {['FAILED', 'CANCELLED', 'REFUNDED'].includes(o.status) ? null : <OrderSteps status={o.status} />}
      {o.status === 'FAILED' && (
        <div className="error" role="alert">
          {t('order.failed', { reason: o.failureReason ? tr('reason', o.failureReason) : '—' })}{' '}
          <button type="button" className="link" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {o.shipment?.trackingNumber && (
        <p className="notice" data-testid="tracking">
          {t('order.tracking', { carrier: o.shipment.carrier ?? '', number: o.shipment.trackingNumber })}
        </p>
      )}
      <div className="panel">
        <h2>{t('order.items')}</h2>
        <ul className="plain">
          {o.lines.map((l) => (
            <li key={l.sku}>
              {l.title} × {l.quantity} — <Price money={l.lineTotal} />
            </li>
          ))}
        </ul>
        <p className="total">
          {t('cart.total')}: <Price money={o.total} className="big" />
        </p>
        {o.lines.some((l) => l.kind === 'DIGITAL') && ['CONFIRMED', 'FULFILLING', 'SHIPPED', 'DELIVERED'].includes(o.status) && (
          <p>
            <Link href="/library">{t('order.watchHint')}</Link>
          </p>
        )}
      </div>
      {o.shippingAddress && (
        <div className="panel">
          <h2>{t('order.shipTo')}</h2>
          <address>
            {o.shippingAddress.name}
            <br />〒{o.shippingAddress.postalCode} {o.shippingAddress.region} {o.shippingAddress.city}
            <br />
            {o.shippingAddress.line1} {o.shippingAddress.line2}
            <br />
            {o.shippingAddress.country}
          </address>
        </div>
      )}
      {o.payment && (
        <p className="muted small">
          {t('order.payment')}: {o.payment.status} <Price money={o.payment.amount} />
          {o.payment.refunded && o.payment.refunded.amount > 0 && (
            <>
              {' '}
              (− <Price money={o.payment.refunded} />)
            </>
          )}
        </p>
      )}
      <ErrorMessage error={actionError} />
      {CANCELLABLE.has(o.status) && !shipped && (
        <button type="button" className="danger" disabled={busy} onClick={() => void cancel()}>
          {t('order.cancel')}
        </button>
      )}
      <Timeline entries={o.timeline} />
    </section>
  );
}
