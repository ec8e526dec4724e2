import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiProblem } from './api-problem';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The answer to a body in any media type but JSON, which is all the API takes. */
export const unsupportedMediaType = () =>
  new ApiProblem(415, 'unsupported_media_type', 'the body must be JSON, sent with Content-Type: application/json', [
    { path: 'Content-Type', message: 'must be application/json' },
  ]);

/**
 * JSON bodies refuse keys that could reach an object's prototype, anywhere in the body, and
 * name the path of the offending key as every other invalid body does.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  // A DELETE names what it removes in its path: sent without a body, the Content-Type a client
  // adds out of habit describes nothing, so nothing is parsed (as Fastify does for OPTIONS).
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'DELETE' && !carriesBody(request)) delete request.headers['content-type'];
    done();
  });
  // JSON only: Fastify answers any other media type 415, which reads as unsupportedMediaType().
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** Whether a request has a body, by Fastify's own test: a length above 0 or a transfer encoding. */
function carriesBody({ headers }: FastifyRequest): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw invalidBody('', 'body must not be empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidBody('', `malformed JSON: ${(error as Error).message}`);
  }
  const refused = findRefused(parsed);
  if (refused !== undefined) throw invalidBody(refused.path, refused.message);
  return parsed;
}

interface Refusal {
  path: string;
  message: string;
}

interface Visit {
  value: unknown;
  key?: string;
  parent?: Visit;
}

/** Text no store keeps intact: NUL, and halves of surrogate pairs (PostgreSQL refuses both). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text that no store keeps intact is refused too, so it can never stall a projection.
 * Walked depth-first with a stack of its own rather than by recursion, and with each path
 * spelled out only when refused: a body nested as deep as 1 MiB of `[` allows must not
 * exhaust the call stack (a 500) or build a path per level.
 */
function findRefused(root: unknown): Refusal | undefined {
  const pending: Visit[] = [{ value: root }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value, key } = visit;
    if (key !== undefined && (FORBIDDEN_KEYS.has(key) || UNSTORABLE.test(key)))
      return { path: pathOf(visit), message: 'property name is not allowed' };
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) {
        return { path: pathOf(visit), message: 'must be well-formed text without NUL characters' };
      }
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      // In reverse, so that the first key is visited first, as a recursive walk would.
      for (let i = keys.length - 1; i >= 0; i--) {
        pending.push({ value: (value as Record<string, unknown>)[keys[i]], key: keys[i], parent: visit });
      }
    }
  }
  return undefined;
}

/** The JSON pointer of a visited value. */
function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) {
    keys.push(`/${at.key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
  return keys.reverse().join('');
}

function invalidBody(path: string, message: string): ApiProblem {
  return new ApiProblem(400, 'invalid_body', message, [{ path, message }]);
}
