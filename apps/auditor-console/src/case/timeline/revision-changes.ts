import type { SupportCase, SupportComment, AttachedFile } from '../../http/support-case';
import { describeComment, describeFile, labelOf, partLabelOf, textOf } from '../case-fields';

/** One field an event changed, as text; undefined where the field had, or has, no value. */
export interface FieldChange {
  readonly key: string;
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
}

interface Entry {
  readonly label: string;
  readonly text: string;
}

/** `_id` never changes, and `lastUpdated` changes with every event: neither says what an event did. */
const UNCOMPARED = new Set(['_id', 'lastUpdated']);

/**
 * What an event did: the case as it stood before it and after it, compared field by field.
 * Comments and files are compared one by one by their id, the response and the erasure part by part.
 */
export function changesBetween(before: SupportCase | undefined, after: SupportCase): FieldChange[] {
  const old = entriesOf(before);
  const now = entriesOf(after);
  const keys = new Set([...now.keys(), ...old.keys()]);
  return [...keys]
    .filter((key) => old.get(key)?.text !== now.get(key)?.text)
    .map((key) => ({
      key,
      field: (now.get(key) ?? old.get(key))!.label,
      before: old.get(key)?.text,
      after: now.get(key)?.text,
    }));
}

function entriesOf(supportCase: SupportCase | undefined): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const [field, value] of Object.entries(supportCase ?? {})) {
    if (UNCOMPARED.has(field) || value === undefined || value === null) continue;
    if (field === 'comments') {
      for (const comment of value as SupportComment[]) {
        entries.set(`comments/${comment._id}`, { label: 'Comment', text: describeComment(comment) });
      }
    } else if (field === 'files') {
      for (const file of value as AttachedFile[]) {
        entries.set(`files/${file._id}`, { label: 'File', text: describeFile(file) });
      }
    } else if (typeof value === 'object') {
      for (const [part, partValue] of Object.entries(value)) {
        entries.set(`${field}/${part}`, { label: partLabelOf(field, part), text: textOf(part, partValue) });
      }
    } else {
      entries.set(field, { label: labelOf(field), text: textOf(field, value) });
    }
  }
  return entries;
}
