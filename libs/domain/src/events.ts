import type { ReplaceableField, SupportCaseInput } from './inputs';
import type { AttachedFile, SupportCase, SupportComment, SupportResponse } from './support-case';

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
  'SupportCaseErased',
] as const;
export type SupportCaseEventType = (typeof SUPPORT_CASE_EVENT_TYPES)[number];

/** Version of every event's data schema; stored with each event. */
export const EVENT_SCHEMA_VERSION = 1;

/** A replaceable field's new value; `null` clears one the caller may clear, one every case holds is never cleared. */
export type SupportCaseChanges = {
  [F in ReplaceableField]?: null extends SupportCaseInput[F]
    ? NonNullable<SupportCase[F]> | null
    : NonNullable<SupportCase[F]>;
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
/** The case's personal data erased on request: the event holds none, only why. */
export type SupportCaseErased = { type: 'SupportCaseErased'; data: { reason: string } };

/** What a decision says happened, before it is stamped with its time. */
export type SupportCaseEventBody =
  | SupportCaseCreated
  | SupportCaseUpdated
  | SupportCaseSolved
  | SupportCaseReopened
  | SupportCaseResponded
  | SupportCaseCommented
  | SupportCaseCommentEdited
  | SupportCaseCommentRemoved
  | SupportCaseErased;

/** When the command that caused an event happened; stored in the event's metadata. */
export type EventTime = { readonly occurredAt: string };

export type SupportCaseEvent = SupportCaseEventBody & { metadata: EventTime };

export function isSupportCaseEventType(type: string): type is SupportCaseEventType {
  return (SUPPORT_CASE_EVENT_TYPES as readonly string[]).includes(type);
}

/** An event as a store keeps it: its schema version and the command's time are in the metadata. */
export interface StoredSupportCaseEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly [key: string]: unknown };
}

/**
 * A stored event brought to the current schema, ready to replay. Only version 1 exists; an
 * unknown version is refused rather than guessed at.
 */
export function supportCaseEventOf({ type, data, metadata }: StoredSupportCaseEvent): SupportCaseEvent {
  if (!isSupportCaseEventType(type)) throw new Error(`unknown support case event type ${type}`);
  if (metadata.schemaVersion !== EVENT_SCHEMA_VERSION) {
    throw new Error(`${type}: unsupported schema version ${String(metadata.schemaVersion)}`);
  }
  return { type, data, metadata: { occurredAt: metadata.occurredAt as string } } as SupportCaseEvent;
}
