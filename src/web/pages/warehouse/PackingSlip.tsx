import type { Shipment } from '../../api/types';
import { formatDateTime } from '../../format/money';
import { useI18n } from '../../i18n/i18n';

export function PackingSlip({ shipment: s }: { shipment: Shipment }) {
  const { t, lang } = useI18n();
  return (
    <div className="packing-slip">
      <h2>
        {t('wh.slip')} — Marquee
      </h2>
      <p>
        {t('wh.order')}: <code>{s.orderId}</code> · {formatDateTime(s.createdAt, lang)}
      </p>
      <address>
        <strong>{s.address.name}</strong>
        <br />〒{s.address.postalCode} {s.address.region} {s.address.city}
        <br />
        {s.address.line1} {s.address.line2}
        <br />
        {s.address.country}
      </address>
      <table>
        <thead>
          <tr>
            <th>SKU</th>
            <th>{t('cms.col.product')}</th>
            <th>{t('product.quantity')}</th>
            <th>✓</th>
          </tr>
        </thead>
        <tbody>
          {s.lines.map((l) => (
            <tr key={l.sku}>
              <td>{l.sku}</td>
              <td>{l.title}</td>
              <td>{l.quantity}</td>
              <td>☐</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
