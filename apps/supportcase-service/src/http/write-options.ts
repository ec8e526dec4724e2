import { createHash } from 'node:crypto';
import { ApiProblem } from '@lib/http';
import type { FastifyRequest } from 'fastify';
import type { Idempotency } from '../write/idempotency';
import type { WriteOptions } from '../write/support-case-writer';
import { ifMatchHolds, parseIfMatch } from './etag';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** What a write request's headers ask of it: If-Match and Idempotency-Key. */
export function writeOptions(request: FastifyRequest, body: unknown): WriteOptions {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const ifMatch = parseIfMatch(header('if-match'));
  return {
    precondition: ifMatch && ((revision) => ifMatchHolds(ifMatch, revision)),
    idempotency: idempotencyOf(header('idempotency-key'), {
      method: request.method,
      path: request.url.split('?')[0],
      body,
    }),
  };
}

function idempotencyOf(
  header: string | undefined,
  request: { method: string; path: string; body: unknown },
): Idempotency | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw new ApiProblem(400, 'invalid_header', 'Idempotency-Key must be 1 to 200 visible ASCII characters', [
      { path: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
    ]);
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([request.method, request.path, request.body]))
    .digest('hex');
  return { key: header, fingerprint };
}
