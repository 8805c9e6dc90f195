import { useState, type FormEvent } from 'react';
import { adjustStock } from '../../api/catalog';
import { toApiError } from '../../api/errors';
import type { Product } from '../../api/types';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { FieldError } from '../../ui/ErrorMessage';

/** adjustStock with a signed delta and a reason; "never below reserved" comes back as a field error. */
export function RestockForm({ product, onDone, onCancel }: { product: Product; onDone: (p: Product) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const tr = useTranslateDynamic();
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ delta?: string; reason?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: typeof errors = {};
    if (!/^[+-]?\d+$/.test(delta.trim()) || Number(delta) === 0) local.delta = t('restock.deltaInvalid');
    if (!reason.trim()) local.reason = t('restock.reasonRequired');
    setErrors(local);
    if (local.delta || local.reason) return;
    setBusy(true);
    try {
      onDone(await adjustStock(product.sku, Number(delta), reason.trim()));
    } catch (error) {
      const err = toApiError(error);
      const words = `${tr('error', err.errorType)} (${err.errorType}): ${err.message}`;
      setErrors(err.field === 'reason' ? { reason: words } : { delta: words });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form panel restock-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('restock.title', { sku: product.sku })}</h2>
      <p className="muted">{t('cms.stockDetail', { available: product.available, onHand: product.onHand, reserved: product.reserved })}</p>
      <label className={errors.delta ? 'field invalid' : 'field'} data-field="delta">
        <span>{t('restock.delta')}</span>
        <input name="delta" inputMode="numeric" value={delta} onChange={(e) => setDelta(e.target.value)} placeholder="+10" />
        <FieldError message={errors.delta} />
      </label>
      <label className={errors.reason ? 'field invalid' : 'field'} data-field="reason">
        <span>{t('restock.reason')}</span>
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        <FieldError message={errors.reason} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('restock.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
