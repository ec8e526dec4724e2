import { Injectable } from '@nestjs/common';
import { streamIdOf, supportCaseStreamModel, type SupportCaseEvent, type SupportCaseState } from '@lib/domain';
import { EventStore, StreamFolder, type Folded, type RecordedEvent } from '@lib/event-store';

/** The cases as their streams in the event store hold them, folded through one cache. */
@Injectable()
export class SupportCaseStreams {
  readonly folder: StreamFolder<SupportCaseState, SupportCaseEvent>;

  constructor(private readonly store: EventStore) {
    this.folder = new StreamFolder(store, supportCaseStreamModel);
  }

  load(caseId: string): Promise<Folded<SupportCaseState>> {
    return this.folder.load(streamIdOf(caseId));
  }

  history(caseId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(streamIdOf(caseId));
  }
}
