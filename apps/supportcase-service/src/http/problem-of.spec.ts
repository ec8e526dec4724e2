import { DomainError } from '@lib/domain';
import { ConcurrencyError, PreconditionFailed } from '@lib/event-store';
import { IdempotencyKeyReused } from '../write/idempotency';
import { problemOf } from './problem-of';

describe('problemOf', () => {
  it('answers domain refusals with their status, naming the field', () => {
    expect(problemOf(new DomainError('access_denied', 'a RESELLER may not set solved', '/solved'))).toMatchObject({
      status: 403,
      code: 'access_denied',
      errors: [{ path: '/solved', message: 'a RESELLER may not set solved' }],
    });
    expect(problemOf(new DomainError('not_found', 'support case not found'))).toMatchObject({ status: 404 });
    expect(problemOf(new DomainError('conflict', 'exists'))).toMatchObject({ status: 409, code: 'conflict' });
    expect(problemOf(new DomainError('invalid_body', 'bad', '/_id'))).toMatchObject({ status: 400 });
  });

  it('answers a precondition that does not hold with 412, and a lost race retried in vain with 409', () => {
    expect(problemOf(new PreconditionFailed('supportCase-a', 3))).toMatchObject({
      status: 412,
      code: 'precondition_failed',
    });
    expect(problemOf(new ConcurrencyError('supportCase-a'))).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('answers a key used for another request with 422, naming the header', () => {
    expect(problemOf(new IdempotencyKeyReused())).toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
      errors: [{ path: 'Idempotency-Key', message: 'was used for another request' }],
    });
  });

  it('leaves any other error to the filter', () => {
    expect(problemOf(new Error('disk full'))).toBeUndefined();
  });
});
