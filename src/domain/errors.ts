/** The stable error vocabulary of API.md. Every rejected request carries one of these. */
export type ErrorType =
  | 'Unauthorized'
  | 'Forbidden'
  | 'ValidationError'
  | 'NotFound'
  | 'Conflict'
  | 'OutOfStock'
  | 'PaymentDeclined'
  | 'InternalError';

/** A typed, expected failure: the decision was "no", nothing was changed. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly errorType: ErrorType,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const validation = (message: string, details?: Record<string, unknown>) =>
  new DomainError('ValidationError', message, details);
export const notFound = (message: string) => new DomainError('NotFound', message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError('Conflict', message, details);

export const isDomainError = (e: unknown): e is DomainError =>
  e instanceof Error && (e as { name?: string }).name === 'DomainError' && 'errorType' in e;
