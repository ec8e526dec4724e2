import { randomUUID } from 'node:crypto';
import { streamIdOf, type SupportCaseEventBody } from '@lib/domain';
import { NOW, storedEvent } from '@lib/domain/testing';
import type { NewEvent, RecordedEvent } from '@lib/event-store';

/** An event of the domain's builders, ready to append: stored as the service stores it, under an id of its own. */
export function toNewEvent(event: SupportCaseEventBody, occurredAt = NOW): NewEvent {
  return { id: randomUUID(), ...storedEvent(event, occurredAt) };
}

/** Records events as a store would: one global sequence, revisions counted per stream. */
export class RecordingLog {
  private lastPosition = 0;
  private readonly revisions = new Map<string, number>();

  recordCase(caseId: string, event: SupportCaseEventBody, occurredAt = NOW): RecordedEvent {
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
      recordedAt: NOW,
    };
  }
}
