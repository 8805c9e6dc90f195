import { isDomainError, type ErrorType } from '../domain/errors';
import { isConcurrencyError } from '../ports/event-store';

export interface ApiError {
  readonly errorType: ErrorType;
  readonly message: string;
  readonly errorInfo?: Record<string, unknown>;
}

/** Maps anything a resolver throws to the stable errorType vocabulary of API.md. */
export function toApiError(error: unknown): ApiError {
  if (isDomainError(error))
    return { errorType: error.errorType, message: error.message, ...(error.details ? { errorInfo: error.details } : {}) };
  if (isConcurrencyError(error))
    return { errorType: 'Conflict', message: 'someone else changed this at the same time; try again' };
  console.error('unexpected resolver error', error);
  return { errorType: 'InternalError', message: 'something went wrong on our side; please try again' };
}
