import { myOrders } from '../../api/orders';
import { useQuery } from '../../api/use-query';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../format/money';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';
import { Empty, Loading } from '../../ui/States';
import { useLoadMore } from './load-more';
import { StatusPill } from './OrderSteps';
import { useLiveOrders } from './use-live-orders';

export function MyOrdersPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const orders = useQuery(() => myOrders(), []);
  const more = useLoadMore(orders, (token) => myOrders(token));

  useLiveOrders(user?.sub, (o) =>
    orders.set((page) => {
      if (!page) return page;
      const known = page.items.some((x) => x.id === o.id);
      return { ...page, items: known ? page.items.map((x) => (x.id === o.id ? o : x)) : [o, ...page.items] };
    }),
    orders.reload,
  );

  return (
    <section className="narrow">
      <h1>{t('orders.title')}</h1>
      <ErrorMessage error={orders.error} onRetry={orders.reload} />
      {orders.loading && !orders.data && <Loading />}
      {orders.data && orders.data.items.length === 0 && (
        <Empty action={<Link href="/" className="button primary">{t('cart.goShop')}</Link>}>{t('orders.empty')}</Empty>
      )}
      <ul className="order-list">
        {orders.data?.items.map((o) => (
          <li key={o.id} data-order-id={o.id}>
            <Link href={`/orders/${encodeURIComponent(o.id)}`}>
              <span>
                <strong>{o.lines.map((l) => l.title).join('、')}</strong>
                <br />
                <span className="muted small">{t('orders.placedAt', { at: formatDateTime(o.createdAt, lang) })}</span>
              </span>
              <span className="right">
                <Price money={o.total} />
                <br />
                <StatusPill status={o.status} />
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <ErrorMessage error={more.error} />
      {more.hasMore && (
        <button type="button" className="more" disabled={more.busy} onClick={() => void more.loadMore()}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
