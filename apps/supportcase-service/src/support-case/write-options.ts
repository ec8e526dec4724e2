import type { FastifyRequest } from 'fastify';
import { parseIfMatch } from '../http/etag';
import { idempotencyOf } from './idempotency';
import type { DecideOptions } from './support-case.repository';

/** What a write request's headers ask of it: If-Match and Idempotency-Key. */
export function writeOptions(request: FastifyRequest, body: unknown): DecideOptions {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  return {
    ifMatch: parseIfMatch(header('if-match')),
    idempotency: idempotencyOf(header('idempotency-key'), {
      method: request.method,
      path: request.url.split('?')[0],
      body,
    }),
  };
}
