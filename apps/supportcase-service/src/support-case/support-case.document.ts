import { toDocument, type SupportCaseDocument } from '@lib/domain';
import type { FastifyReply } from 'fastify';
import { setRevisionETag } from '../http/etag';
import type { DecidedCase } from './support-case.repository';
import type { RequestContext } from './request-context';

/** Answers a case as the caller may see it, with its revision as ETag. */
export function replyWithCase(reply: FastifyReply, result: DecidedCase, context: RequestContext): SupportCaseDocument {
  setRevisionETag(reply, result.revision);
  return toDocument(result.supportCase, context.actor);
}
