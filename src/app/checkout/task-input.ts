import { validation } from '../../domain/errors';

/** What every checkout task receives: the execution's input, `{ orderId }` (plus `error` for Compensate). */
export interface CheckoutTaskInput {
  readonly orderId: string;
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

export function taskInput(input: unknown): CheckoutTaskInput {
  const value = input as Partial<CheckoutTaskInput> | null;
  if (!value || typeof value.orderId !== 'string' || value.orderId.length === 0)
    throw validation('a checkout task needs { orderId }');
  return value as CheckoutTaskInput;
}

/** What a task reports (kept small: it becomes the execution's history and output). */
export interface TaskResult {
  readonly orderId: string;
  /** done: acted now; skipped: already recorded or nothing to do. */
  readonly outcome: 'done' | 'skipped';
  readonly status?: string;
}
