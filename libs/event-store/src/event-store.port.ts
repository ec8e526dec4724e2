/**
 * The event store port. Adapters: in-memory (tests), SQLite (embedded default), PostgreSQL,
 * EventStoreDB (production). Every adapter passes `event-store.contract.ts`.
 */

/** Where an event stands in the store's global log. SQLite uses one sequence for both. */
export interface LogPosition {
  readonly commit: number;
  readonly prepare: number;
}

export const START_OF_LOG: LogPosition = { commit: 0, prepare: 0 };

/** Whether `position` comes later in the global log than `other`; EventStoreDB's bigint positions compare alike. */
export function isLaterPosition<N extends number | bigint>(
  position: { readonly commit: N; readonly prepare: N },
  other: { readonly commit: N; readonly prepare: N },
): boolean {
  return position.commit > other.commit || (position.commit === other.commit && position.prepare > other.prepare);
}

/** `no_stream`: the stream must not exist; a number: the revision of its last event; `any`: no check. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface EventMetadata {
  readonly [key: string]: unknown;
}

export interface NewEvent {
  /** UUID chosen by the writer; the store refuses to store the same id twice. */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: number;
  readonly position: LogPosition;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** When the store recorded the event (ISO-8601). */
  readonly recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event appended: the stream's new revision. */
  readonly nextRevision: number;
  readonly position: LogPosition;
}

export interface ReadStreamOptions {
  /** Inclusive lower bound (default 0). */
  readonly fromRevision?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. */
  readonly after: LogPosition;
  readonly maxCount: number;
  /** Only streams whose id starts with this prefix. */
  readonly streamPrefix?: string;
}

export interface SubscribeToLogOptions {
  /** Exclusive: events strictly after this position. */
  readonly after: LogPosition;
  /** Only streams whose id starts with this prefix, filtered by the store. */
  readonly streamPrefix?: string;
}

/** The global log as a store pushes it: events in order, as they are written, until closed. */
export interface LogSubscription extends AsyncIterable<RecordedEvent> {
  /** Ends the subscription: an iteration in progress finishes. */
  close(): Promise<void>;
}

export abstract class EventStore {
  /** Events of one stream, oldest first; an empty array when the stream does not exist. */
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Appends atomically; throws WrongExpectedRevisionError or DuplicateEventIdError. */
  abstract appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;

  /** The global log in order, after a position. */
  abstract readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Calls `listener` after events are appended through this instance (a hint for catch-up
   * subscriptions to read now rather than at their next poll). Returns an unsubscribe function.
   */
  abstract onAppended(listener: () => void): () => void;

  /**
   * The log after a position, pushed by the store as it is written and filtered by it; undefined
   * from a store that readers poll with `readAll` (all but EventStoreDB).
   */
  subscribeToLog(_options: SubscribeToLogOptions): LogSubscription | undefined {
    return undefined;
  }

  abstract close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already stored`);
    this.name = 'DuplicateEventIdError';
  }
}
