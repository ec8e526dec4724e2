/** The platform's machine-readable error codes, carried in the problem's `error` member. */
export const ERROR_CODES = [
  'access_denied',
  'not_found',
  'invalid_token',
  'invalid_body',
  'invalid_query',
  'invalid_id',
  'conflict',
  'precondition_failed',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_header',
  'idempotency_key_reused',
  'too_many_requests',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(value);
}

export interface FieldError {
  /** JSON pointer into the body, or the query parameter's name. */
  path: string;
  message: string;
}

/** An error the API answers as application/problem+json with a 4xx status. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}
