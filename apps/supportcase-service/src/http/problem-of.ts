import { DomainError, type DomainErrorCode } from '@lib/domain';
import { ProofUnavailable } from '@lib/audit-log';
import { ConcurrencyError, PreconditionFailed } from '@lib/event-store';
import { ApiProblem } from '@lib/http';
import { IdempotencyKeyReused } from '../write/idempotency';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  not_found: 404,
  conflict: 409,
  access_denied: 403,
  invalid_body: 400,
};

/** The problem a refusal of the domain, the command runner or the audit log answers; undefined for any other error. */
export function problemOf(error: unknown): ApiProblem | undefined {
  if (error instanceof DomainError) {
    const errors = error.path ? [{ path: error.path, message: error.message }] : undefined;
    return new ApiProblem(DOMAIN_STATUS[error.code], error.code, error.message, errors);
  }
  if (error instanceof PreconditionFailed) {
    return new ApiProblem(412, 'precondition_failed', 'If-Match does not name the current revision');
  }
  if (error instanceof ConcurrencyError) {
    return new ApiProblem(409, 'conflict', 'the case kept changing under concurrent writers; send the request again');
  }
  if (error instanceof IdempotencyKeyReused) {
    return new ApiProblem(422, 'idempotency_key_reused', error.message, [
      { path: 'Idempotency-Key', message: 'was used for another request' },
    ]);
  }
  if (error instanceof ProofUnavailable) {
    return new ApiProblem(404, 'not_found', error.message, [{ path: error.field, message: error.message }]);
  }
  return undefined;
}
