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
  disposed = false;

  private readonly log: esdb.AllStreamRecordedEvent[] = [];
  private readonly failuresFirst: Error[] = [];
  private appendOutcome: () => Promise<esdb.AppendResult> = async () =>
    appendSucceeded(0n, { commit: 1n, prepare: 1n });

  /** Adds events to the global log, in order; readStream and readAll serve from it. */
  store(...events: esdb.AllStreamRecordedEvent[]): this {
    this.log.push(...events);
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

  async dispose(): Promise<void> {
    this.disposed = true;
  }
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
