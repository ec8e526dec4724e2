import type { FastifyInstance } from 'fastify';
import { ApiProblem } from './api-problem';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * JSON bodies refuse keys that could reach an object's prototype, anywhere in the body, and
 * name the path of the offending key as every other invalid body does.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  // JSON only: any other media type is answered 415.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw invalidBody('', 'body must not be empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidBody('', `malformed JSON: ${(error as Error).message}`);
  }
  const refused = findRefused(parsed, '');
  if (refused !== undefined) throw invalidBody(refused.path, refused.message);
  return parsed;
}

interface Refusal {
  path: string;
  message: string;
}

/** NUL characters are refused too: no store keeps them intact (PostgreSQL text refuses them). */
function findRefused(value: unknown, path: string): Refusal | undefined {
  if (typeof value === 'string')
    return value.includes('\u0000') ? { path, message: 'must not contain NUL characters' } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const key of Object.keys(value)) {
    const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (FORBIDDEN_KEYS.has(key) || key.includes('\u0000'))
      return { path: childPath, message: 'property name is not allowed' };
    const found = findRefused((value as Record<string, unknown>)[key], childPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

function invalidBody(path: string, message: string): ApiProblem {
  return new ApiProblem(400, 'invalid_body', message, [{ path, message }]);
}
