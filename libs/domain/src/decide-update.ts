import { isDeepStrictEqual } from 'node:util';
import { attachFiles, canonicalField, newComment, newResponse } from './case-parts';
import { isoDate } from './canonical-values';
import type { DecisionContext } from './decision-context';
import { DomainError, caseNotFound } from './errors';
import type { SupportCaseChanges, SupportCaseEventBody } from './events';
import { REPLACEABLE_FIELDS, type CommentInput, type ResponseInput, type SupportCaseInput } from './inputs';
import type { SupportCase, SupportCaseState, SupportComment, SupportResponse } from './support-case';

export interface UpdateSupportCase {
  id: string;
  input: SupportCaseInput;
}

/**
 * Decides the events of one update. Only the fields present change; an input that changes
 * nothing decides no events. `date` and `lastUpdated` belong to the server and are ignored.
 */
export function decideUpdate(
  state: SupportCaseState,
  { id, input }: UpdateSupportCase,
  context: DecisionContext,
): SupportCaseEventBody[] {
  if (state === null) throw caseNotFound();
  if (input._id !== undefined && input._id.toLowerCase() !== id.toLowerCase()) {
    throw new DomainError('invalid_body', '_id must equal the id in the path', '/_id');
  }
  return [
    ...updated(state, input, context),
    ...responded(state.response, input.response, context),
    ...commented(state.comments, input.comments ?? [], context),
    ...solvedOrReopened(state.solved, input.solved),
  ];
}

function updated(state: SupportCase, input: SupportCaseInput, context: DecisionContext): SupportCaseEventBody[] {
  const changes: Record<string, unknown> = {};
  for (const field of REPLACEABLE_FIELDS) {
    if (input[field] === undefined) continue;
    const next = canonicalField(field, input[field], context.newId);
    if (!isDeepStrictEqual(next, state[field])) changes[field] = next ?? null;
  }
  if (input.response === null && state.response !== undefined) changes.response = null;
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'SupportCaseUpdated', data: { changes: changes as SupportCaseChanges } }];
}

function responded(
  current: SupportResponse | undefined,
  input: ResponseInput | null | undefined,
  context: DecisionContext,
): SupportCaseEventBody[] {
  if (!input || !responseDiffers(current, input)) return [];
  return [{ type: 'SupportCaseResponded', data: { response: newResponse(input, context) } }];
}

/** A response differs when a field the caller gave differs from the current one. */
function responseDiffers(current: SupportResponse | undefined, input: ResponseInput): boolean {
  if (current === undefined) return true;
  return Object.entries(input).some(([field, value]) => {
    if (value === undefined) return false;
    const given = field === 'date' ? isoDate(value) : field === 'employee' ? value.toLowerCase() : value;
    return given !== current[field as keyof SupportResponse];
  });
}

/**
 * Entries without a known `_id` are added, known ones with new text or files are edited.
 * Known comments missing from the input are kept: a caller holding a stale copy never
 * deletes a comment it has not seen.
 */
function commented(
  existing: readonly SupportComment[],
  inputs: readonly CommentInput[],
  context: DecisionContext,
): SupportCaseEventBody[] {
  const known = new Map(existing.map((comment) => [comment._id, comment]));
  const events: SupportCaseEventBody[] = [];
  for (const input of inputs) {
    const current = input._id === undefined ? undefined : known.get(input._id.toLowerCase());
    if (current === undefined) {
      const comment = newComment(input, context);
      known.set(comment._id, comment);
      events.push({ type: 'SupportCaseCommented', data: { comment } });
      continue;
    }
    const edit = commentEdit(current, input, context);
    if (edit) {
      known.set(current._id, { ...current, ...edit });
      events.push({ type: 'SupportCaseCommentEdited', data: { commentId: current._id, ...edit } });
    }
  }
  return events;
}

function commentEdit(current: SupportComment, input: CommentInput, context: DecisionContext) {
  const edit: { comment?: string; files?: SupportComment['files'] } = {};
  if (input.comment !== current.comment) edit.comment = input.comment;
  if (input.files !== undefined) {
    const files = attachFiles(input.files, context.newId);
    if (!isDeepStrictEqual(files, current.files)) edit.files = files;
  }
  return Object.keys(edit).length > 0 ? edit : undefined;
}

function solvedOrReopened(solved: boolean, requested: boolean | undefined): SupportCaseEventBody[] {
  if (requested === undefined || requested === solved) return [];
  return [requested ? { type: 'SupportCaseSolved', data: {} } : { type: 'SupportCaseReopened', data: {} }];
}
