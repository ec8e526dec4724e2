import { documentJson, type SupportCase } from '@lib/domain';
import type { FastifyReply } from 'fastify';
import { setRevisionETag } from './etag';
import type { RequestContext } from '../caller/request-context';

/** A case at one revision of its stream, as a write left it or a query found it. */
export interface CaseAtRevision {
  readonly supportCase: SupportCase;
  readonly revision: number;
}

/** JSON already serialised, answered as it is: a SupportCaseDocument, or a page of them. */
export type Json = string;

/** Answers JSON serialised beforehand: Fastify sends a string as it is, typed as given. */
export function replyWithJson(reply: FastifyReply, json: string): Json {
  void reply.type('application/json; charset=utf-8');
  return json;
}

/** Answers a case as the caller may see it, with its revision as ETag. */
export function replyWithCase(
  reply: FastifyReply,
  { supportCase, revision }: CaseAtRevision,
  context: RequestContext,
): Json {
  setRevisionETag(reply, revision);
  return replyWithJson(reply, documentJson(supportCase, context.actor));
}
