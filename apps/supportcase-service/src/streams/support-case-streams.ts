import { Injectable } from '@nestjs/common';
import {
  erasureOf,
  streamIdOf,
  supportCaseStreamModel,
  type Erasure,
  type SupportCaseEvent,
  type SupportCaseState,
} from '@lib/domain';
import { EventStore, StreamFolder, type Folded, type RecordedEvent } from '@lib/event-store';
import { OpenedEventStore } from '@lib/personal-data';

/** The cases as their streams in the event store hold them, read opened and folded through one cache. */
@Injectable()
export class SupportCaseStreams {
  readonly folder: StreamFolder<SupportCaseState, SupportCaseEvent>;

  constructor(
    private readonly stored: EventStore,
    readonly opened: OpenedEventStore,
  ) {
    this.folder = new StreamFolder(opened, supportCaseStreamModel);
  }

  load(caseId: string): Promise<Folded<SupportCaseState>> {
    return this.folder.load(streamIdOf(caseId));
  }

  /** A case's events with their personal values opened. */
  history(caseId: string): Promise<RecordedEvent[]> {
    return this.opened.readStream(streamIdOf(caseId));
  }

  /** A case's events as stored, personal values sealed: what their hashes cover. */
  storedHistory(caseId: string): Promise<RecordedEvent[]> {
    return this.stored.readStream(streamIdOf(caseId));
  }
}

/** When and why a case was erased, read off its history: its SupportCaseErased event. */
export function erasureIn(history: readonly RecordedEvent[]): Erasure | undefined {
  for (const event of history) {
    const erasure = erasureOf(event);
    if (erasure) return erasure;
  }
  return undefined;
}
