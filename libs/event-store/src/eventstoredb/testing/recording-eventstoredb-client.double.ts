import * as esdb from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { EventStoreDbClientOperations } from '../eventstoredb.event-store';

interface RecordedAppendCall {
  readonly streamName: string;
  readonly events: esdb.EventData[];
  readonly options: esdb.AppendToStreamOptions;
}

/**
 * Hand-written stand-in for `EventStoreDBClient`: records the calls the adapter makes and answers
 * from events the test puts in its log, reading like the server does (a read of `$all` includes
 * the event at its start position; a missing stream is a StreamNotFoundError).
 */
export class RecordingEventStoreDbClientDouble implements EventStoreDbClientOperations {
  readonly appendCalls: RecordedAppendCall[] = [];
  readonly readStreamCalls: { streamName: string; options: esdb.ReadStreamOptions }[] = [];
  readonly readAllCalls: esdb.ReadAllOptions[] = [];
  readonly subscribeToAllCalls: esdb.SubscribeToAllOptions[] = [];
  disposed = false;
  private readonly stored = new Set<() => void>();

  private readonly log: esdb.AllStreamRecordedEvent[] = [];
  private readonly failuresFirst: Error[] = [];
  private appendOutcome: () => Promise<esdb.AppendResult> = async () =>
    appendSucceeded(0n, { commit: 1n, prepare: 1n });

  /** Adds events to the global log, in order; readStream and readAll serve from it. */
  store(...events: esdb.AllStreamRecordedEvent[]): this {
    this.log.push(...events);
    for (const wake of this.stored) wake();
    return this;
  }

  answerAppendsWith(result: esdb.AppendResult): this {
    this.appendOutcome = async () => result;
    return this;
  }

  /** The next appends fail with these errors, one each, before the outcome set for the rest. */
  failNextAppendsWith(...errors: Error[]): this {
    this.failuresFirst.push(...errors);
    return this;
  }

  refuseAppendsWith(error: Error): this {
    this.appendOutcome = async () => {
      throw error;
    };
    return this;
  }

  async appendToStream(
    streamName: string,
    events: esdb.EventData[],
    options: esdb.AppendToStreamOptions,
  ): Promise<esdb.AppendResult> {
    this.appendCalls.push({ streamName, events, options });
    const failure = this.failuresFirst.shift();
    if (failure) throw failure;
    return this.appendOutcome();
  }

  async *readStream(streamName: string, options: esdb.ReadStreamOptions): AsyncIterable<esdb.ResolvedEvent> {
    this.readStreamCalls.push({ streamName, options });
    const stream = this.log.filter((event) => event.streamId === streamName);
    if (stream.length === 0) throw new esdb.StreamNotFoundError(undefined, streamName);
    for (const event of inReadOrder(stream, options)) yield { event };
  }

  async *readAll(options: esdb.ReadAllOptions): AsyncIterable<esdb.AllStreamResolvedEvent> {
    this.readAllCalls.push(options);
    const from = options.fromPosition;
    if (typeof from !== 'object') throw new Error('the double reads $all from a position only');
    const fromOn = this.log.filter(({ position }) => isAtOrAfter(position, from));
    for (const event of fromOn.slice(0, Number(options.maxCount))) yield { event };
  }

  /**
   * A catch-up subscription as the server runs it: the events after the position (or from the
   * start), filtered by stream name prefixes or by a regular expression on stream names or
   * event types, then each event stored later, until unsubscribed.
   */
  subscribeToAll(options: esdb.SubscribeToAllOptions) {
    this.subscribeToAllCalls.push(options);
    let unsubscribed = false;
    let wake = () => {};
    const wakeOnStore = () => wake();
    this.stored.add(wakeOnStore);
    const log = this.log;
    const passes = filterOf(options.filter);
    const from = options.fromPosition;
    return {
      async *[Symbol.asyncIterator](): AsyncIterator<esdb.AllStreamResolvedEvent> {
        // The server sends what comes after the position subscribed from, not the event at it.
        let sent = typeof from === 'object' ? log.findIndex(({ position }) => !isAtOrAfter(from, position)) : 0;
        if (sent < 0) sent = log.length;
        while (!unsubscribed) {
          const stored = new Promise<void>((resolve) => (wake = resolve));
          for (; sent < log.length && !unsubscribed; sent++) if (passes(log[sent])) yield { event: log[sent] };
          if (!unsubscribed) await stored;
        }
      },
      unsubscribe: async () => {
        unsubscribed = true;
        this.stored.delete(wakeOnStore);
        wake();
      },
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** The server's filter of a subscription to $all: by stream name or event type, by prefixes or a regex. */
function filterOf(filter: esdb.SubscribeToAllOptions['filter']): (event: esdb.AllStreamRecordedEvent) => boolean {
  if (!filter) return () => true;
  const on = (event: esdb.AllStreamRecordedEvent) =>
    filter.filterOn === esdb.STREAM_NAME ? event.streamId : event.type;
  if ('prefixes' in filter) return (event) => filter.prefixes.some((prefix) => on(event).startsWith(prefix));
  const regex = new RegExp(filter.regex);
  return (event) => regex.test(on(event));
}

export function appendSucceeded(nextExpectedRevision: bigint, position?: esdb.Position): esdb.AppendResult {
  return { success: true, nextExpectedRevision, position };
}

/** A JSON event as the client returns it from a read; `position` also sets commit = prepare. */
export function recordedEvent(
  fields: Partial<Omit<esdb.AllStreamJSONRecordedEvent, 'position'>> & { position: bigint | esdb.Position },
): esdb.AllStreamJSONRecordedEvent {
  const { position, ...rest } = fields;
  return {
    streamId: 'supportCase-1',
    id: randomUUID(),
    isJson: true,
    revision: 0n,
    type: 'Tested',
    created: new Date('2024-05-06T07:08:09.123Z'),
    data: { value: 1 },
    metadata: { actor: 'tester' },
    position: typeof position === 'bigint' ? { commit: position, prepare: position } : position,
    ...rest,
  };
}

function inReadOrder(
  stream: esdb.AllStreamRecordedEvent[],
  { fromRevision = esdb.START, direction = esdb.FORWARDS, maxCount = Number.MAX_SAFE_INTEGER }: esdb.ReadStreamOptions,
): esdb.AllStreamRecordedEvent[] {
  const ordered = direction === esdb.BACKWARDS ? [...stream].reverse() : stream;
  const fromOn = ordered.filter(({ revision }) => {
    if (typeof fromRevision !== 'bigint') return true; // START forwards or END backwards: the whole stream
    return direction === esdb.BACKWARDS ? revision <= fromRevision : revision >= fromRevision;
  });
  return fromOn.slice(0, Number(maxCount));
}

function isAtOrAfter(position: esdb.Position, from: esdb.Position): boolean {
  return position.commit > from.commit || (position.commit === from.commit && position.prepare >= from.prepare);
}
