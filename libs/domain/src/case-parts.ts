import { canonicalDevice, isoDate, withoutUndefined } from './canonical-values';
import type { DecisionContext } from './decision-context';
import type { CommentInput, FileInput, ReplaceableField, ResponseInput } from './inputs';
import { DEFAULT_RESPONSE_AUTHOR, type AttachedFile, type SupportComment, type SupportResponse } from './support-case';

/** The parts of a case as the decider makes them from a caller's input. */

const ID_FIELDS: ReadonlySet<string> = new Set(['customer', 'employee']);

export function attachFiles(files: readonly FileInput[], newId: () => string): AttachedFile[] {
  return files.map((file) => ({
    _id: (file._id ?? file.id ?? newId()).toLowerCase(),
    url: file.url,
    type: file.type,
  }));
}

/** The stored form of one replaceable field's input; `undefined` stands for "no value". */
export function canonicalField(
  field: ReplaceableField,
  value: unknown,
  newId: () => string,
): string | AttachedFile[] | undefined {
  if (field === 'files') return attachFiles((value as FileInput[] | null) ?? [], newId);
  if (value === null || value === undefined) return undefined;
  if (field === 'device') return canonicalDevice(value as string);
  return ID_FIELDS.has(field) ? (value as string).toLowerCase() : (value as string);
}

export function newComment(input: CommentInput, { actor, now, newId }: DecisionContext): SupportComment {
  return withoutUndefined({
    _id: (input._id ?? newId()).toLowerCase(),
    comment: input.comment,
    date: input.date === undefined ? now : isoDate(input.date),
    customer: (input.customer ?? actor.customer).toLowerCase(),
    customerName: input.customerName ?? actor.customerName,
    employee: (input.employee ?? actor.employee).toLowerCase(),
    employeeName: input.employeeName ?? actor.employeeName,
    isSupport: input.isSupport ?? actor.accessLevel === 'ADMIN',
    files: attachFiles(input.files ?? [], newId),
  });
}

export function newResponse(input: ResponseInput, { actor, now }: DecisionContext): SupportResponse {
  return withoutUndefined({
    answer: input.answer,
    author: input.author ?? DEFAULT_RESPONSE_AUTHOR,
    date: input.date === undefined ? now : isoDate(input.date),
    employee: (input.employee ?? actor.employee).toLowerCase(),
    employeeName: input.employeeName ?? actor.employeeName,
  });
}
