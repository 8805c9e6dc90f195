import type { OrderStatus } from '../../api/types';
import { useTranslateDynamic } from '../../i18n/i18n';

const HAPPY: OrderStatus[] = ['PLACED', 'CONFIRMED', 'FULFILLING', 'SHIPPED', 'DELIVERED'];

/** PLACED → CONFIRMED → FULFILLING → SHIPPED → DELIVERED, with the reached steps highlighted. */
export function OrderSteps({ status }: { status: OrderStatus }) {
  const tr = useTranslateDynamic();
  const reached = HAPPY.indexOf(status);
  return (
    <ol className="steps" aria-label="progress">
      {HAPPY.map((s, i) => (
        <li key={s} className={i <= reached ? 'done' : ''} aria-current={i === reached ? 'step' : undefined}>
          {tr('status', s)}
        </li>
      ))}
    </ol>
  );
}

export const statusTone = (s: OrderStatus) =>
  s === 'FAILED' || s === 'CANCELLED' ? 'bad' : s === 'REFUNDED' ? 'warn' : s === 'PLACED' ? '' : 'ok';

export function StatusPill({ status }: { status: OrderStatus }) {
  const tr = useTranslateDynamic();
  return (
    <span className={`pill ${statusTone(status)}`} data-status={status}>
      {tr('status', status)}
    </span>
  );
}
