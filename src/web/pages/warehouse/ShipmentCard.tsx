import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import { acknowledgeShipment, shipShipment } from '../../api/shipments';
import type { Shipment } from '../../api/types';
import { formatDateTime } from '../../format/money';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { ErrorMessage, FieldError } from '../../ui/ErrorMessage';
import { orderNumber } from '../../format/order-number';

const CARRIERS = ['Yamato', 'Sagawa', 'Japan Post'];

export function ShipmentCard({
  shipment: s,
  fresh,
  onChanged,
  onPrint,
}: {
  shipment: Shipment;
  fresh: boolean;
  onChanged: (s: Shipment) => void;
  onPrint: () => void;
}) {
  const { t, lang } = useI18n();
  const tr = useTranslateDynamic();
  const [carrier, setCarrier] = useState(CARRIERS[0]!);
  const [tracking, setTracking] = useState('');
  const [trackingError, setTrackingError] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<Shipment>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await action());
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const ship = (e: FormEvent) => {
    e.preventDefault();
    if (!tracking.trim()) {
      setTrackingError(t('checkout.required'));
      return;
    }
    setTrackingError(undefined);
    void run(() => shipShipment(s.id, carrier, tracking.trim()));
  };

  const open = s.status === 'INSTRUCTED' || s.status === 'ACKNOWLEDGED';
  return (
    <article className={fresh ? 'shipment fresh' : 'shipment'} data-shipment-id={s.id} data-status={s.status}>
      <header className="row-between">
        <strong>
          {s.address.name} · {s.lines.reduce((n, l) => n + l.quantity, 0)} pcs
        </strong>
        <span className={s.status === 'INSTRUCTED' ? 'pill warn' : s.status === 'SHIPPED' ? 'pill ok' : 'pill'}>
          {tr('sstatus', s.status)}
        </span>
      </header>
      <p className="muted small">
        {t('wh.order')} <code>{orderNumber(s.orderId)}</code> · {formatDateTime(s.createdAt, lang)} · 〒{s.address.postalCode}{' '}
        {s.address.city}
      </p>
      <ul className="plain small">
        {s.lines.map((l) => (
          <li key={l.sku}>
            {l.quantity} × {l.title} <code className="muted">{l.sku}</code>
          </li>
        ))}
      </ul>
      {s.trackingNumber && (
        <p className="small">
          {s.carrier} {s.trackingNumber}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="small" onClick={onPrint}>
          🖨 {t('wh.print')}
        </button>
        {s.status === 'INSTRUCTED' && (
          <button type="button" className="small primary" disabled={busy} onClick={() => void run(() => acknowledgeShipment(s.id))}>
            {t('wh.ack')}
          </button>
        )}
      </div>
      {open && (
        <form className="ship-form" onSubmit={ship} noValidate>
          <label className="field">
            <span>{t('wh.carrier')}</span>
            <select name="carrier" value={carrier} onChange={(e) => setCarrier(e.target.value)}>
              {CARRIERS.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label className={trackingError ? 'field invalid' : 'field'} data-field="trackingNumber">
            <span>{t('wh.tracking')}</span>
            <input name="trackingNumber" value={tracking} onChange={(e) => {
                setTracking(e.target.value);
                setTrackingError(undefined);
              }} />
            <FieldError message={trackingError} />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {t('wh.ship')}
          </button>
        </form>
      )}
    </article>
  );
}
