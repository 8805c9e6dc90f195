import type { ProductInput } from '../../api/catalog';
import type { Product, ProductKind } from '../../api/types';
import type { MessageKey } from '../../i18n/en';

export interface ProductFormValues {
  sku: string;
  title: string;
  description: string;
  price: string;
  category: string;
  kind: ProductKind;
  images: string;
  grantsVideoIds: string;
}

export type FieldName = keyof ProductFormValues;

export const emptyValues: ProductFormValues = {
  sku: '',
  title: '',
  description: '',
  price: '',
  category: '',
  kind: 'PHYSICAL',
  images: '',
  grantsVideoIds: '',
};

export const valuesOf = (p: Product): ProductFormValues => ({
  sku: p.sku,
  title: p.title,
  description: p.description,
  price: String(p.price.amount),
  category: p.category,
  kind: p.kind,
  images: p.images.join('\n'),
  grantsVideoIds: p.grantsVideoIds.join('\n'),
});

const lines = (s: string) => s.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);

export const inputOf = (v: ProductFormValues, currency: string): ProductInput => ({
  title: v.title.trim(),
  description: v.description,
  price: { amount: Number(v.price), currency },
  category: v.category.trim(),
  kind: v.kind,
  images: lines(v.images),
  grantsVideoIds: lines(v.grantsVideoIds),
});

/** The checks worth doing before a round trip; the server re-checks everything. */
export function validate(v: ProductFormValues, creating: boolean): Partial<Record<FieldName, MessageKey>> {
  const errors: Partial<Record<FieldName, MessageKey>> = {};
  if (creating && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.sku.trim())) errors.sku = 'form.skuInvalid';
  if (!v.title.trim()) errors.title = 'form.titleRequired';
  if (!/^\d+$/.test(v.price.trim())) errors.price = 'form.priceInvalid';
  return errors;
}

/** Which field a server error is about (errorInfo.field, or what its message names). */
export function fieldOfServerError(field: string | undefined, errorType: string, message: string): FieldName | undefined {
  const known: FieldName[] = ['sku', 'title', 'description', 'price', 'category', 'kind', 'images', 'grantsVideoIds'];
  const f = (field ?? '').split('.')[0] as FieldName;
  if (known.includes(f)) return f;
  if (errorType === 'Conflict' && /sku/i.test(message)) return 'sku';
  return known.find((k) => message.toLowerCase().startsWith(k.toLowerCase()));
}
