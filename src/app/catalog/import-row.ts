import { isDomainError, validation } from '../../domain/errors';
import { assertSku, type ProductDetails, type ProductKind } from '../../domain/product';

/** One row of an import: the sku plus whichever fields the file gives (absent = leave as is). */
export interface ImportRow {
  readonly sku: string;
  readonly details: Partial<ProductDetails>;
  /** Absolute on-hand stock to end up with. */
  readonly stock?: number;
  readonly published?: boolean;
}

export const IMPORT_COLUMNS = [
  'sku',
  'title',
  'description',
  'price',
  'currency',
  'category',
  'kind',
  'images',
  'grantsVideoIds',
  'stock',
  'published',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** A plain record of a row as read from the file: CSV cells are strings, JSON keeps its types. */
export type RawRow = Partial<Record<ImportColumn, unknown>>;

const MAX_STOCK = 1_000_000_000;

const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

function text(raw: RawRow, field: ImportColumn): string | undefined {
  const v = raw[field];
  if (!given(v)) return undefined;
  if (typeof v !== 'string') throw validation(`${field} must be text`);
  return v;
}

function integer(raw: RawRow, field: ImportColumn, min: number, max: number): number | undefined {
  const v = raw[field];
  if (!given(v)) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw validation(`${field} must be a whole number from ${min} to ${max}, not "${String(v)}"`);
  return n;
}

function list(raw: RawRow, field: 'images' | 'grantsVideoIds'): string[] | undefined {
  const v = raw[field];
  if (!given(v)) return undefined;
  if (typeof v === 'string') return v.split('|').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v.map((s: string) => s.trim()).filter(Boolean);
  throw validation(`${field} must be a list of text (in CSV separated by "|")`);
}

function bool(raw: RawRow): boolean | undefined {
  const v = raw.published;
  if (!given(v)) return undefined;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (['true', 'yes', '1', 'y'].includes(s)) return true;
  if (['false', 'no', '0', 'n'].includes(s)) return false;
  throw validation(`published must be true or false, not "${String(v)}"`);
}

function kind(raw: RawRow): ProductKind | undefined {
  const k = text(raw, 'kind')?.trim().toUpperCase();
  if (k === undefined) return undefined;
  if (k !== 'PHYSICAL' && k !== 'DIGITAL') throw validation(`kind must be PHYSICAL or DIGITAL, not "${k}"`);
  return k;
}

/** JSON rows may give `price` as `{ amount, currency }` instead of the two flat columns. */
function flattenPrice(raw: RawRow): RawRow {
  const p = raw.price;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return raw;
  const { amount, currency } = p as { amount?: unknown; currency?: unknown };
  return { ...raw, price: amount, currency: raw.currency ?? currency };
}

/** Checks and converts one raw row; throws a ValidationError whose message names the field. */
export function toImportRow(input: RawRow): ImportRow {
  const raw = flattenPrice(input);
  const sku = text(raw, 'sku')?.trim();
  if (!sku) throw validation('sku is required');
  assertSku(sku);
  const details: { -readonly [K in keyof ProductDetails]?: ProductDetails[K] } = {};
  const title = text(raw, 'title');
  if (title !== undefined) details.title = title;
  const description = text(raw, 'description');
  if (description !== undefined) details.description = description;
  const amount = integer(raw, 'price', 0, Number.MAX_SAFE_INTEGER);
  const currency = text(raw, 'currency')?.trim().toUpperCase();
  if (amount !== undefined) {
    if (!currency) throw validation('price needs a currency (e.g. JPY)');
    details.price = { amount, currency };
  } else if (currency) throw validation('currency is given without a price');
  const category = text(raw, 'category');
  if (category !== undefined) details.category = category.trim();
  const k = kind(raw);
  if (k) details.kind = k;
  const images = list(raw, 'images');
  if (images) details.images = images;
  const grants = list(raw, 'grantsVideoIds');
  if (grants) details.grantsVideoIds = grants;
  const stock = integer(raw, 'stock', 0, MAX_STOCK);
  const published = bool(raw);
  return { sku, details, ...(stock !== undefined ? { stock } : {}), ...(published !== undefined ? { published } : {}) };
}

/** The message a row error reports: domain rules speak for themselves, anything else is generic. */
export const rowMessage = (error: unknown): string =>
  isDomainError(error) ? error.message : error instanceof SyntaxError ? `not valid JSON: ${error.message}` : String(error);
