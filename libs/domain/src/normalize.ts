import { attachFiles, type DecisionContext } from './actor';
import type { CommentInput, ResponseInput } from './inputs';
import {
  DEFAULT_RESPONSE_AUTHOR,
  DEVICE_ALIASES,
  type AttachedFile,
  type Device,
  type ReplaceableField,
  type SupportComment,
  type SupportResponse,
} from './support-case';

const ID_FIELDS: ReadonlySet<string> = new Set(['customer', 'employee']);

export function isoDate(date: string): string {
  return new Date(date).toISOString();
}

export function canonicalDevice(device: string): Device {
  return (DEVICE_ALIASES[device] ?? device) as Device;
}

/** The stored form of one replaceable field's input; `undefined` stands for "no value". */
export function canonicalField(
  field: ReplaceableField,
  value: unknown,
  newId: () => string,
): string | AttachedFile[] | undefined {
  if (field === 'files') return attachFiles((value as AttachedFile[] | null) ?? [], newId);
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

/** Documents omit properties that hold no value. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
