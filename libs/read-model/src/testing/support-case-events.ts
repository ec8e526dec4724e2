import { randomUUID } from 'node:crypto';
import {
  EVENT_SCHEMA_VERSION,
  streamIdOf,
  supportCaseDecider,
  type Actor,
  type SupportCaseCommented,
  type SupportCaseCreated,
  type SupportCaseEventBody,
  type SupportCaseSolved,
} from '@lib/domain';
import type { EventMetadata, NewEvent, RecordedEvent } from '@lib/event-store';

/** Test events built from the domain's own decisions and types. */

export const DEFAULT_OCCURRED_AT = '2024-05-01T12:00:00.000Z';

export interface CaseOpening {
  /** Customer id of the opener: the case's owner. */
  readonly owner: string;
  readonly customer?: string;
  readonly date: string;
}

export function caseCreated(caseId: string, { owner, customer, date }: CaseOpening): SupportCaseCreated {
  const actor: Actor = { employee: 'e-admin', employeeName: 'Ada', customer: owner, accessLevel: 'ADMIN' };
  const context = { actor, now: date, newId: randomUUID };
  const command = {
    type: 'CreateSupportCase',
    data: { id: caseId, input: { name: `case ${caseId}`, customer, date } },
    context,
  } as const;
  const [{ type, data }] = supportCaseDecider.decide(command, null);
  return { type, data } as SupportCaseCreated;
}

export function caseCommented(commentId: string, comment: string): SupportCaseCommented {
  return {
    type: 'SupportCaseCommented',
    data: { comment: { _id: commentId, comment, date: DEFAULT_OCCURRED_AT, isSupport: true, files: [] } },
  };
}

export const caseSolved = (): SupportCaseSolved => ({ type: 'SupportCaseSolved', data: {} });

export function metadataAt(occurredAt: string): EventMetadata {
  return {
    schemaVersion: EVENT_SCHEMA_VERSION,
    occurredAt,
    actor: { employee: 'e-admin', customer: 'platform', accessLevel: 'ADMIN' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
  };
}

export function toNewEvent(event: SupportCaseEventBody, occurredAt = DEFAULT_OCCURRED_AT): NewEvent {
  return { id: randomUUID(), type: event.type, data: event.data, metadata: metadataAt(occurredAt) };
}

/** Records events as a store would: one global sequence, revisions counted per stream. */
export class RecordingLog {
  private lastPosition = 0;
  private readonly revisions = new Map<string, number>();

  recordCase(caseId: string, event: SupportCaseEventBody, occurredAt = DEFAULT_OCCURRED_AT): RecordedEvent {
    return this.record(streamIdOf(caseId), toNewEvent(event, occurredAt));
  }

  record(streamId: string, event: NewEvent): RecordedEvent {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    this.lastPosition += 1;
    return {
      ...event,
      streamId,
      revision,
      position: { commit: this.lastPosition, prepare: this.lastPosition },
      recordedAt: DEFAULT_OCCURRED_AT,
    };
  }
}
