/** Stable codes: they are the platform's error codes and part of the HTTP contract. */
export type DomainErrorCode = 'not_found' | 'conflict' | 'access_denied' | 'invalid_body';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** JSON pointer of the offending field, when one field is at fault. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const caseNotFound = () => new DomainError('not_found', 'support case not found');
