import { useEffect, useState } from 'react';
import { listShipments, ON_SHIPMENT_UPDATED } from '../../api/shipments';
import type { Shipment } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { useSubscription } from '../../api/use-subscription';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Empty, Loading } from '../../ui/States';
import { chime } from './chime';
import { PackingSlip } from './PackingSlip';
import { ShipmentCard } from './ShipmentCard';

type View = 'open' | 'SHIPPED';
const isOpen = (s: Shipment) => s.status === 'INSTRUCTED' || s.status === 'ACKNOWLEDGED';

export function WarehousePage() {
  const { t } = useI18n();
  const [view, setView] = useState<View>('open');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [printing, setPrinting] = useState<Shipment[]>([]);
  const shipments = useQuery(() => listShipments(null), []);

  const upsert = (s: Shipment) =>
    shipments.set((list) => {
      if (!list) return list;
      return list.some((x) => x.id === s.id) ? list.map((x) => (x.id === s.id ? s : x)) : [s, ...list];
    });

  useSubscription<{ onShipmentUpdated: Shipment | null }>(ON_SHIPMENT_UPDATED, undefined, ({ onShipmentUpdated: s }) => {
    if (!s) return;
    const known = shipments.data?.some((x) => x.id === s.id);
    upsert(s);
    if (!known && s.status === 'INSTRUCTED') {
      setFresh((f) => new Set(f).add(s.id));
      chime();
    }
  });

  // Print only the chosen slips: a body class lets print.css hide everything else.
  useEffect(() => {
    if (!printing.length) return;
    document.body.classList.add('printing-slip');
    const done = () => {
      document.body.classList.remove('printing-slip');
      setPrinting([]);
    };
    window.addEventListener('afterprint', done, { once: true });
    const id = setTimeout(() => window.print(), 50);
    return () => {
      clearTimeout(id);
      window.removeEventListener('afterprint', done);
      document.body.classList.remove('printing-slip');
    };
  }, [printing]);

  const all = shipments.data ?? [];
  const shown = all
    .filter((s) => (view === 'open' ? isOpen(s) : !isOpen(s)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) * (view === 'open' ? 1 : -1));

  return (
    <section className="warehouse">
      <h1>{t('wh.title')}</h1>
      <nav className="tabs">
        <button type="button" className={view === 'open' ? 'tab active' : 'tab'} onClick={() => setView('open')}>
          {t('wh.queue')} ({all.filter(isOpen).length})
        </button>
        <button type="button" className={view === 'SHIPPED' ? 'tab active' : 'tab'} onClick={() => setView('SHIPPED')}>
          {t('sstatus.SHIPPED')}
        </button>
        {view === 'open' && shown.length > 1 && (
          <button type="button" className="tab" onClick={() => setPrinting(shown)}>
            🖨 {t('wh.print')} ({shown.length})
          </button>
        )}
      </nav>
      <ErrorMessage error={shipments.error} onRetry={shipments.reload} />
      {shipments.loading && !shipments.data && <Loading />}
      {shipments.data && shown.length === 0 && <Empty>{t('wh.empty')}</Empty>}
      <div className="queue">
        {shown.map((s) => (
          <ShipmentCard
            key={s.id}
            shipment={s}
            fresh={fresh.has(s.id) && s.status === 'INSTRUCTED'}
            onChanged={upsert}
            onPrint={() => setPrinting([s])}
          />
        ))}
      </div>
      <div className="print-area print-only">
        {printing.map((s) => (
          <PackingSlip key={s.id} shipment={s} />
        ))}
      </div>
    </section>
  );
}
