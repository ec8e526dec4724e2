import { toDocument, type SupportCase, type SupportCaseDocument } from '@lib/domain';
import type { FastifyReply } from 'fastify';
import { setRevisionETag } from './etag';
import type { RequestContext } from '../caller/request-context';

/** A case at one revision of its stream, as a write left it or a query found it. */
export interface CaseAtRevision {
  readonly supportCase: SupportCase;
  readonly revision: number;
}

/** Answers a case as the caller may see it, with its revision as ETag. */
export function replyWithCase(
  reply: FastifyReply,
  { supportCase, revision }: CaseAtRevision,
  context: RequestContext,
): SupportCaseDocument {
  setRevisionETag(reply, revision);
  return toDocument(supportCase, context.actor);
}
