import { ApiProblem } from '@lib/http';
import type { FastifyReply } from 'fastify';

/** The ETag of a case is its stream revision. */
export function setRevisionETag(reply: FastifyReply, revision: number): void {
  void reply.header('ETag', `"${revision}"`);
}

/**
 * What an If-Match header asks (RFC 9110 §13.1.1): `*`, any revision of a case that exists,
 * or one of the revisions its entity tags name. A tag that names no revision matches none.
 */
export type IfMatch = '*' | readonly number[];

const ENTITY_TAG = String.raw`(?:W/)?"([\x21\x23-\x7E\x80-\xFF]*)"`;
const ENTITY_TAG_LIST = new RegExp(String.raw`^[\t ]*${ENTITY_TAG}(?:[\t ]*,[\t ]*${ENTITY_TAG})*[\t ]*$`);
const EACH_ENTITY_TAG = new RegExp(ENTITY_TAG, 'g');
const REVISION = /^\d{1,15}$/;

const malformedIfMatch = () =>
  new ApiProblem(400, 'invalid_header', 'If-Match must be * or a list of entity tags such as "3"', [
    { path: 'If-Match', message: 'must be * or a list of entity tags such as "3"' },
  ]);

/** The If-Match header read; `undefined` without one. A malformed one is refused with 400. */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  if (!ENTITY_TAG_LIST.test(header)) throw malformedIfMatch();
  return [...header.matchAll(EACH_ENTITY_TAG)]
    .map(([, tag]) => tag)
    .filter((tag) => REVISION.test(tag))
    .map(Number);
}

/** Whether the case, at this revision, meets the If-Match condition. */
export function ifMatchHolds(ifMatch: IfMatch, revision: number | 'no_stream'): boolean {
  if (revision === 'no_stream') return false;
  return ifMatch === '*' || ifMatch.includes(revision);
}
