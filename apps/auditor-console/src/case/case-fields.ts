import type { AttachedFile, SupportComment } from '../http/support-case';
import { formatTime } from '../time';

/** The document's fields as an auditor reads them. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  customer: 'Customer id',
  customerName: 'Customer name',
  employee: 'Employee id',
  employeeName: 'Employee name',
  solved: 'Solved',
  date: 'Created',
  lastUpdated: 'Last updated',
  device: 'Device',
  systemVersion: 'System version',
  playMakerVersion: 'PlayMaker version',
  privateInformation: 'Private information',
  response: 'Response',
  files: 'Files',
  comments: 'Comments',
  erased: 'Erased',
};

/** The parts of the fields that are objects: the response and the erasure. */
const PART_LABELS: Record<string, Record<string, string>> = {
  response: {
    answer: 'Response',
    author: 'Response author',
    date: 'Response date',
    employee: 'Response employee id',
    employeeName: 'Response employee name',
  },
  erased: { date: 'Erased on', reason: 'Erasure reason' },
};

const DATE_FIELDS = new Set(['date', 'lastUpdated']);

export function labelOf(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

export function partLabelOf(field: string, part: string): string {
  return PART_LABELS[field]?.[part] ?? `${labelOf(field)} ${part}`;
}

/** A field's value as text: dates in the reader's time zone, flags as yes or no. */
export function textOf(field: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return DATE_FIELDS.has(field) ? formatTime(value) : value;
  return JSON.stringify(value);
}

export function describeFile(file: AttachedFile): string {
  return `${file.type} ${file.url ?? '(address erased)'}`;
}

export function authorOf(comment: SupportComment): string {
  return comment.employeeName ?? comment.customerName ?? comment.employee ?? comment.customer ?? 'unknown';
}

/** One line for a comment: who wrote it, what it says, and how many files it carries. */
export function describeComment(comment: SupportComment): string {
  const support = comment.isSupport ? ' (support)' : '';
  const files = comment.files.length === 0 ? '' : ` [${countOf(comment.files.length, 'file')}]`;
  return `${authorOf(comment)}${support}: ${comment.comment ?? '(text erased)'}${files}`;
}

export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
