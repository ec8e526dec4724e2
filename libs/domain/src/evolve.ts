import type { SupportCaseChanges, SupportCaseEvent } from './events';
import { withoutPersonalValues } from './personal-fields';
import type { SupportCase, SupportCaseState, SupportComment } from './support-case';

/** Applies one event; the case was last updated when the command behind the event happened. */
export function evolve(state: SupportCaseState, event: SupportCaseEvent): SupportCaseState {
  const lastUpdated = event.metadata.occurredAt;
  if (event.type === 'SupportCaseCreated' && state === null) return { ...event.data.supportCase, lastUpdated };
  if (state === null) throw new Error(`${event.type} on a support case that does not exist`);
  return { ...applyToExisting(state, event), lastUpdated };
}

function applyToExisting(state: SupportCase, event: SupportCaseEvent): SupportCase {
  switch (event.type) {
    case 'SupportCaseCreated':
      throw new Error('support case created twice');
    case 'SupportCaseUpdated':
      return applyChanges(state, event.data.changes);
    case 'SupportCaseSolved':
      return { ...state, solved: true };
    case 'SupportCaseReopened':
      return { ...state, solved: false };
    case 'SupportCaseResponded':
      return { ...state, response: event.data.response };
    case 'SupportCaseCommented':
      return { ...state, comments: [...state.comments, event.data.comment] };
    case 'SupportCaseCommentEdited': {
      const { commentId, ...edit } = event.data;
      return { ...state, comments: mapComment(state.comments, commentId, (c) => ({ ...c, ...edit })) };
    }
    case 'SupportCaseCommentRemoved':
      return { ...state, comments: state.comments.filter((c) => c._id !== event.data.commentId) };
    case 'SupportCaseErased':
      return {
        ...withoutPersonalValues(state),
        erased: { date: event.metadata.occurredAt, reason: event.data.reason },
      };
  }
}

function applyChanges(state: SupportCase, changes: SupportCaseChanges): SupportCase {
  const next: Record<string, unknown> = { ...state };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next as unknown as SupportCase;
}

function mapComment(
  comments: SupportComment[],
  id: string,
  change: (comment: SupportComment) => SupportComment,
): SupportComment[] {
  return comments.map((comment) => (comment._id === id ? change(comment) : comment));
}
