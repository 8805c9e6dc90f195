import { useSyncExternalStore } from 'react';
import type { Money } from '../format/money';
import type { ProductKind } from '../api/types';

export interface CartLine {
  readonly productId: string;
  readonly sku: string;
  readonly title: string;
  readonly price: Money;
  readonly image?: string;
  readonly kind: ProductKind;
  readonly quantity: number;
}

const KEY = 'marquee.cart';
const listeners = new Set<() => void>();
let lines: readonly CartLine[] = read();

function read(): CartLine[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as CartLine[]).filter((l) => l && l.sku && l.quantity > 0) : [];
  } catch {
    return [];
  }
}

function write(next: readonly CartLine[]): void {
  lines = next;
  localStorage.setItem(KEY, JSON.stringify(next));
  listeners.forEach((l) => l());
}

// Another tab changed the cart.
window.addEventListener('storage', (e) => {
  if (e.key !== KEY) return;
  lines = read();
  listeners.forEach((l) => l());
});

export const cart = {
  lines: () => lines,
  add(line: Omit<CartLine, 'quantity'>, quantity = 1) {
    const existing = lines.find((l) => l.sku === line.sku);
    write(
      existing
        ? lines.map((l) => (l.sku === line.sku ? { ...l, ...line, quantity: l.quantity + quantity } : l))
        : [...lines, { ...line, quantity }],
    );
  },
  setQuantity(sku: string, quantity: number) {
    write(quantity > 0 ? lines.map((l) => (l.sku === sku ? { ...l, quantity } : l)) : lines.filter((l) => l.sku !== sku));
  },
  clear() {
    write([]);
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const useCart = (): readonly CartLine[] => useSyncExternalStore(cart.subscribe, cart.lines);

export const cartCount = (ls: readonly CartLine[]) => ls.reduce((n, l) => n + l.quantity, 0);

export const cartTotal = (ls: readonly CartLine[]): Money => ({
  amount: ls.reduce((n, l) => n + l.price.amount * l.quantity, 0),
  currency: ls[0]?.price.currency ?? 'JPY',
});
