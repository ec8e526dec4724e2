import {
  assertExpectedRevision,
  assertSomethingToAppend,
  firstRevisionAfter,
  toJson,
  type CurrentRevision,
} from '../append-rules';
import { AppendedListeners } from '../appended-listeners';
import {
  DuplicateEventIdError,
  EventStore,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event-store.port';

/** Data and metadata kept as JSON text, so the double serialises exactly like the real stores. */
interface StoredEvent extends Omit<RecordedEvent, 'data' | 'metadata'> {
  readonly data: string;
  readonly metadata: string;
}

// Test double for unit tests; positions: commit = prepare = global sequence starting at 1.
export class InMemoryEventStore extends EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly eventIds = new Set<string>();
  private readonly listeners = new AppendedListeners();
  private closed = false;

  override async readStream(streamId: string, { fromRevision = 0 }: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const stream = this.streams.get(streamId) ?? [];
    return stream.filter((event) => event.revision >= fromRevision).map(toRecordedEvent);
  }

  override async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    assertSomethingToAppend(events);
    const stream = this.streams.get(streamId) ?? [];
    const current: CurrentRevision = stream.at(-1)?.revision ?? 'no_stream';
    assertExpectedRevision(streamId, expectedRevision, current);
    this.assertNewIds(events);

    // Everything that can throw (serialising included) happens before the first change.
    const stored = this.toStoredEvents(streamId, firstRevisionAfter(current), events);
    this.log.push(...stored);
    this.streams.set(streamId, [...stream, ...stored]);
    stored.forEach((event) => this.eventIds.add(event.id));
    this.listeners.notify();

    const last = stored[stored.length - 1];
    return { nextRevision: last.revision, position: last.position };
  }

  override async readAll({ after, maxCount, streamPrefix = '' }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.log
      .filter((event) => event.position.commit > after.commit)
      .filter((event) => event.streamId.startsWith(streamPrefix))
      .slice(0, maxCount)
      .map(toRecordedEvent);
  }

  override onAppended(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  override async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }

  private assertNewIds(events: readonly NewEvent[]): void {
    const batchIds = new Set<string>();
    for (const { id } of events) {
      if (this.eventIds.has(id) || batchIds.has(id)) throw new DuplicateEventIdError(id);
      batchIds.add(id);
    }
  }

  private toStoredEvents(streamId: string, firstRevision: number, events: readonly NewEvent[]): StoredEvent[] {
    const recordedAt = new Date().toISOString();
    return events.map((event, index) => {
      const position = this.log.length + 1 + index;
      return {
        id: event.id,
        streamId,
        revision: firstRevision + index,
        position: { commit: position, prepare: position },
        type: event.type,
        data: toJson(event.data, event.id),
        metadata: toJson(event.metadata, event.id),
        recordedAt,
      };
    });
  }
}

function toRecordedEvent(event: StoredEvent): RecordedEvent {
  return { ...event, data: JSON.parse(event.data), metadata: JSON.parse(event.metadata) };
}
