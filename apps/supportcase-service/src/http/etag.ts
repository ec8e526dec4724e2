import type { FastifyReply } from 'fastify';

/** The ETag of a case is its stream revision. */
export function setRevisionETag(reply: FastifyReply, revision: number): void {
  void reply.header('ETag', `"${revision}"`);
}

/**
 * The revision an If-Match header names; `undefined` without one. A value that names no
 * revision (malformed, or `*` on a case that need not exist) yields NaN, which matches none.
 */
export function ifMatchRevision(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  return match ? Number(match[1]) : Number.NaN;
}
