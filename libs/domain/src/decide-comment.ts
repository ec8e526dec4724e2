import type { Static } from '@sinclair/typebox';
import { newComment } from './case-parts';
import type { DecisionContext } from './decision-context';
import { DomainError, caseNotFound } from './errors';
import type { SupportCaseCommentRemoved, SupportCaseCommented } from './events';
import type { AddCommentInputSchema } from './inputs';
import type { SupportCaseState } from './support-case';
import { canSee } from './visibility';

export type AddComment = Static<typeof AddCommentInputSchema>;

export interface RemoveComment {
  commentId: string;
}

export function decideAddComment(
  state: SupportCaseState,
  command: AddComment,
  context: DecisionContext,
): [SupportCaseCommented] {
  if (state === null || !canSee(context.actor, state)) throw caseNotFound();
  const comment = newComment({ comment: command.comment, files: command.files }, context);
  return [{ type: 'SupportCaseCommented', data: { comment } }];
}

export function decideRemoveComment(state: SupportCaseState, command: RemoveComment): [SupportCaseCommentRemoved] {
  if (state === null) throw caseNotFound();
  const commentId = command.commentId.toLowerCase();
  if (!state.comments.some((comment) => comment._id === commentId)) {
    throw new DomainError('not_found', 'comment not found', '/commentId');
  }
  return [{ type: 'SupportCaseCommentRemoved', data: { commentId } }];
}
