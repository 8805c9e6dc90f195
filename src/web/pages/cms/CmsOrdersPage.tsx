import { Fragment, useState } from 'react';
import { allOrders } from '../../api/orders';
import type { Order, OrderStatus } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { formatDateTime } from '../../format/money';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';
import { Empty, Loading } from '../../ui/States';
import { useLoadMore } from '../orders/load-more';
import { StatusPill } from '../orders/OrderSteps';
import { useLiveOrders } from '../orders/use-live-orders';
import { CmsNav } from './CmsNav';
import { DeadLetters } from './DeadLetters';
import { OrderDetail } from './OrderDetail';
import { orderNumber } from '../../format/order-number';

const STATUSES: OrderStatus[] = ['PLACED', 'CONFIRMED', 'FULFILLING', 'SHIPPED', 'DELIVERED', 'FAILED', 'CANCELLED', 'REFUNDED'];

export function CmsOrdersPage() {
  const { t, lang } = useI18n();
  const tr = useTranslateDynamic();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [open, setOpen] = useState<string>();
  const orders = useQuery(() => allOrders(status || null), [status]);
  const more = useLoadMore(orders, (token) => allOrders(status || null, token));

  const upsert = (o: Order) =>
    orders.set((page) => {
      if (!page) return page;
      const known = page.items.some((x) => x.id === o.id);
      if (known) return { ...page, items: page.items.map((x) => (x.id === o.id ? o : x)) };
      return !status || o.status === status ? { ...page, items: [o, ...page.items] } : page;
    });

  // STAFF may listen to every customer's orders: no customerId filter.
  useLiveOrders(null, upsert, orders.reload);

  const items = orders.data?.items ?? [];
  return (
    <section className="cms">
      <h1>{t('cms.title')}</h1>
      <CmsNav />
      <div className="toolbar">
        <label>
          {t('cmso.filter')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | '')}>
            <option value="">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tr('status', s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={orders.error} onRetry={orders.reload} />
      {orders.loading && !orders.data && <Loading />}
      {orders.data && items.length === 0 && <Empty>{t('cmso.empty')}</Empty>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('cmso.col.order')}</th>
                <th>{t('order.items')}</th>
                <th>{t('cmso.col.placed')}</th>
                <th className="num">{t('cart.total')}</th>
                <th>{t('cmso.filter')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <Fragment key={o.id}>
                  <tr data-order-id={o.id} className="clickable" onClick={() => setOpen(open === o.id ? undefined : o.id)}>
                    <td>
                      <code>{orderNumber(o.id)}</code>
                    </td>
                    <td>{o.lines.map((l) => l.title).join('、')}</td>
                    <td className="muted small">{formatDateTime(o.createdAt, lang)}</td>
                    <td className="num">
                      <Price money={o.total} />
                    </td>
                    <td>
                      <StatusPill status={o.status} />
                    </td>
                  </tr>
                  {open === o.id && (
                    <tr>
                      <td colSpan={5}>
                        <OrderDetail order={o} onChanged={upsert} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorMessage error={more.error} />
      {more.hasMore && (
        <button type="button" className="more" disabled={more.busy} onClick={() => void more.loadMore()}>
          {t('common.more')}
        </button>
      )}
      <DeadLetters />
    </section>
  );
}
