import { useState, type FormEvent, type ReactNode } from 'react';
import { createProduct, updateProduct } from '../../api/catalog';
import { toApiError, type ApiError } from '../../api/errors';
import type { Product } from '../../api/types';
import { useI18n, useTranslateDynamic } from '../../i18n/i18n';
import { ErrorMessage, FieldError } from '../../ui/ErrorMessage';
import {
  emptyValues,
  fieldOfServerError,
  inputOf,
  validate,
  valuesOf,
  type FieldName,
  type ProductFormValues,
} from './product-form-model';

/** Create (no `product`) or edit a product; errors appear next to the field they are about. */
export function ProductForm({
  product,
  categories,
  onSaved,
  onCancel,
}: {
  product?: Product;
  categories: readonly string[];
  onSaved: (p: Product) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const tr = useTranslateDynamic();
  const creating = !product;
  const [values, setValues] = useState<ProductFormValues>(product ? valuesOf(product) : emptyValues);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const set = (name: FieldName) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
    setFieldErrors((f) => ({ ...f, [name]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = validate(values, creating);
    if (Object.keys(local).length) {
      setFieldErrors(Object.fromEntries(Object.entries(local).map(([k, key]) => [k, t(key)])));
      return;
    }
    setBusy(true);
    setFormError(undefined);
    try {
      const input = inputOf(values, product?.price.currency ?? 'JPY');
      onSaved(creating ? await createProduct(values.sku.trim(), input) : await updateProduct(product.id, input));
    } catch (error) {
      const err = toApiError(error);
      const field = fieldOfServerError(err.field, err.errorType, err.message);
      const words = `${tr('error', err.errorType)} (${err.errorType}): ${err.message}`;
      if (field) setFieldErrors({ [field]: words });
      else setFormError(err);
    } finally {
      setBusy(false);
    }
  };

  const row = (name: FieldName, label: string, input: ReactNode) => (
    <label className={fieldErrors[name] ? 'field invalid' : 'field'} data-field={name}>
      <span>{label}</span>
      {input}
      <FieldError message={fieldErrors[name]} />
    </label>
  );

  return (
    <form className="form panel product-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{creating ? t('cms.newProduct') : `${t('common.edit')}: ${product.sku}`}</h2>
      <ErrorMessage error={formError} />
      {creating && row('sku', t('form.sku'), <input name="sku" value={values.sku} onChange={set('sku')} autoComplete="off" />)}
      {row('title', t('form.title'), <input name="title" value={values.title} onChange={set('title')} />)}
      <div className="two">
        {row('price', t('form.price'), <input name="price" inputMode="numeric" value={values.price} onChange={set('price')} />)}
        {row(
          'kind',
          t('form.kind'),
          <select name="kind" value={values.kind} onChange={set('kind')}>
            <option value="PHYSICAL">{t('product.kind.PHYSICAL')}</option>
            <option value="DIGITAL">{t('product.kind.DIGITAL')}</option>
          </select>,
        )}
      </div>
      {row(
        'category',
        t('form.category'),
        <>
          <input name="category" list="cms-categories" value={values.category} onChange={set('category')} />
          <datalist id="cms-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </>,
      )}
      {row('description', t('form.description'), <textarea name="description" rows={3} value={values.description} onChange={set('description')} />)}
      {row('images', t('form.images'), <textarea name="images" rows={2} value={values.images} onChange={set('images')} />)}
      {values.kind === 'DIGITAL' &&
        row('grantsVideoIds', t('form.grants'), <textarea name="grantsVideoIds" rows={2} value={values.grantsVideoIds} onChange={set('grantsVideoIds')} />)}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.saving') : creating ? t('form.create') : t('common.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
