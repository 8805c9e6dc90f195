import type { ApiError } from '../../api/errors';
import type { Product } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Price } from '../../ui/Price';

export function ProductRow({
  product: p,
  busy,
  error,
  onEdit,
  onStock,
  onTogglePublish,
}: {
  product: Product;
  busy: boolean;
  error: ApiError | undefined;
  onEdit: () => void;
  onStock: () => void;
  onTogglePublish: () => void;
}) {
  const { t } = useI18n();
  return (
    <tr data-sku={p.sku}>
      <td>
        <div className="cell-product">
          {p.images[0] && <img src={p.images[0]} alt="" className="mini-thumb" />}
          <div>
            <strong>{p.title}</strong>
            <div className="muted small">
              {p.sku} · {p.category || '—'} · {t(`product.kind.${p.kind}`)}
            </div>
          </div>
        </div>
        <ErrorMessage error={error} />
      </td>
      <td>
        <span className={p.published ? 'pill ok' : 'pill'} data-testid="publication">
          {p.published ? t('cms.published') : t('cms.draft')}
        </span>
      </td>
      <td className="num">
        <Price money={p.price} />
      </td>
      <td className="num" title={t('cms.stockDetail', { available: p.available, onHand: p.onHand, reserved: p.reserved })}>
        <span data-testid="available">{p.available}</span>
        {p.reserved > 0 && <span className="muted small"> (+{p.reserved})</span>}
      </td>
      <td>
        <div className="row-actions">
        <button type="button" className="small" onClick={onEdit}>
          {t('common.edit')}
        </button>
        <button type="button" className="small" onClick={onStock}>
          {t('cms.restock')}
        </button>
        <button type="button" className={p.published ? 'small' : 'small primary'} disabled={busy} onClick={onTogglePublish}>
          {p.published ? t('cms.unpublish') : t('cms.publish')}
        </button>
        </div>
      </td>
    </tr>
  );
}
