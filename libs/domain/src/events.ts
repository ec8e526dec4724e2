import type { AttachedFile, ReplaceableField, SupportCase, SupportComment, SupportResponse } from './support-case';

/** Event type names are part of the storage contract: never derived from class names. */
export const SUPPORT_CASE_EVENT_TYPES = [
  'SupportCaseCreated',
  'SupportCaseUpdated',
  'SupportCaseSolved',
  'SupportCaseReopened',
  'SupportCaseResponded',
  'SupportCaseCommented',
  'SupportCaseCommentEdited',
  'SupportCaseCommentRemoved',
] as const;
export type SupportCaseEventType = (typeof SUPPORT_CASE_EVENT_TYPES)[number];

/** Version of every event's data schema; stored with each event. */
export const EVENT_SCHEMA_VERSION = 1;

export type SupportCaseChanges = {
  [F in ReplaceableField]?: F extends 'name' | 'files' ? SupportCase[F] : SupportCase[F] | null;
} & { response?: null };

export type SupportCaseCreated = {
  type: 'SupportCaseCreated';
  data: { supportCase: Omit<SupportCase, 'lastUpdated'> };
};
/** Only the fields that changed; `null` means cleared. */
export type SupportCaseUpdated = { type: 'SupportCaseUpdated'; data: { changes: SupportCaseChanges } };
export type SupportCaseSolved = { type: 'SupportCaseSolved'; data: Record<string, never> };
export type SupportCaseReopened = { type: 'SupportCaseReopened'; data: Record<string, never> };
export type SupportCaseResponded = { type: 'SupportCaseResponded'; data: { response: SupportResponse } };
export type SupportCaseCommented = { type: 'SupportCaseCommented'; data: { comment: SupportComment } };
export type SupportCaseCommentEdited = {
  type: 'SupportCaseCommentEdited';
  data: { commentId: string; comment?: string; files?: AttachedFile[] };
};
export type SupportCaseCommentRemoved = {
  type: 'SupportCaseCommentRemoved';
  data: { commentId: string };
};

export type SupportCaseEvent =
  | SupportCaseCreated
  | SupportCaseUpdated
  | SupportCaseSolved
  | SupportCaseReopened
  | SupportCaseResponded
  | SupportCaseCommented
  | SupportCaseCommentEdited
  | SupportCaseCommentRemoved;

export function isSupportCaseEventType(type: string): type is SupportCaseEventType {
  return (SUPPORT_CASE_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Brings stored event data to the current schema. Only version 1 exists; an unknown version
 * is refused rather than guessed at.
 */
export function upcast(type: string, schemaVersion: unknown, data: unknown): SupportCaseEvent {
  if (!isSupportCaseEventType(type)) throw new Error(`unknown support case event type ${type}`);
  if (schemaVersion !== EVENT_SCHEMA_VERSION) {
    throw new Error(`${type}: unsupported schema version ${String(schemaVersion)}`);
  }
  return { type, data } as SupportCaseEvent;
}
