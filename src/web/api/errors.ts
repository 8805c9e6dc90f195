/** A rejected GraphQL request, in AppSync's vocabulary (errorType + message, optional field). */
export class ApiError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface RawError {
  message?: string;
  errorType?: string;
  errorInfo?: { field?: unknown } | null;
  originalError?: { message?: string; name?: string };
}

/** Whatever aws-amplify throws ({ errors: [...] }, an Error, a network failure) as one ApiError. */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  const errors = (thrown as { errors?: RawError[] } | null)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  if (first) {
    const field = typeof first.errorInfo?.field === 'string' ? first.errorInfo.field : undefined;
    const type = first.errorType ?? guessType(first.message ?? first.originalError?.message ?? '');
    return new ApiError(type, first.message || first.originalError?.message || 'request failed', field);
  }
  if (thrown instanceof Error) return new ApiError(guessType(thrown.message), thrown.message);
  return new ApiError('InternalError', String(thrown));
}

function guessType(message: string): string {
  if (/network|fetch|failed to fetch/i.test(message)) return 'NetworkError';
  if (/unauthori[sz]ed|401/i.test(message)) return 'Unauthorized';
  return 'InternalError';
}
