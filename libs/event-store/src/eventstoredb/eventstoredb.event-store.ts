import * as esdb from '@eventstore/db-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertSomethingToAppend, type CurrentRevision } from '../append-rules';
import { AppendedListeners } from '../appended-listeners';
import {
  DuplicateEventIdError,
  EventStore,
  WrongExpectedRevisionError,
  START_OF_LOG,
  isLaterPosition,
  type AppendResult,
  type ExpectedRevision,
  type LogPosition,
  type LogSubscription,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToLogOptions,
} from '../event-store.port';
import {
  isSystemEvent,
  toClientExpectedRevision,
  toClientPosition,
  toCurrentRevision,
  toEventData,
  toLogPosition,
  toRecordedEvent,
} from './eventstoredb.mapping';

/** The operations of `EventStoreDBClient` the adapter uses, so that a test double can stand in. */
export interface EventStoreDbClientOperations {
  appendToStream(
    streamName: string,
    events: esdb.EventData[],
    options: esdb.AppendToStreamOptions,
  ): Promise<esdb.AppendResult>;
  readStream(streamName: string, options: esdb.ReadStreamOptions): AsyncIterable<esdb.ResolvedEvent>;
  readAll(options: esdb.ReadAllOptions): AsyncIterable<esdb.AllStreamResolvedEvent>;
  subscribeToAll(options: esdb.SubscribeToAllOptions): AsyncIterable<esdb.AllStreamResolvedEvent> & {
    unsubscribe(): Promise<void>;
  };
  dispose(): Promise<void>;
}

export interface EventStoreDbOptions {
  /**
   * The pauses before each new attempt of an append the connection failed (default 100, 300 and
   * 1000 ms: four attempts in all).
   */
  readonly appendRetryDelaysMs?: readonly number[];
}

/** Failures after which an append may or may not be stored: sending it again is safe, see `sendAppend`. */
const TRANSIENT_FAILURES = [esdb.UnavailableError, esdb.DeadlineExceededError, esdb.NotLeaderError];

/**
 * The production event store: EventStoreDB 22.6 or later (earlier servers leave log positions out
 * of stream reads). Stream ids are EventStoreDB stream names, as given.
 */
export class EventStoreDbEventStore extends EventStore {
  /** EventStoreDB de-duplicates event ids within a stream only; see `appendToStream`. */
  static readonly refusesEventIdsStoredBefore = false;
  /** Its catch-up readers follow a subscription to `$all`: see `subscribeToLog`. */
  static readonly pushesItsLog = true;

  private readonly listeners = new AppendedListeners();
  private closed = false;

  private readonly appendRetryDelaysMs: readonly number[];

  /** `connect` is the usual way in; this takes a client built elsewhere. */
  constructor(
    private readonly client: EventStoreDbClientOperations,
    options: EventStoreDbOptions = {},
  ) {
    super();
    this.appendRetryDelaysMs = options.appendRetryDelaysMs ?? [100, 300, 1000];
  }

  /** `kurrentdb://`, KurrentDB's own scheme, is read as the `esdb://` this client parses. */
  static connect(connectionString: string): EventStoreDbEventStore {
    const esdbScheme = connectionString.replace(/^kurrentdb(\+discover)?:/, 'esdb$1:');
    return new EventStoreDbEventStore(esdb.EventStoreDBClient.connectionString(esdbScheme));
  }

  override async readStream(streamId: string, { fromRevision = 0 }: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readStreamEvents(streamId, { fromRevision: BigInt(fromRevision) });
  }

  /**
   * EventStoreDB keys its de-duplication on our event ids, but only within the stream: events
   * whose ids are already stored at the positions they would take (a retried append) are an
   * idempotent success, reported with the original revision, not a DuplicateEventIdError; an id
   * stored in another stream is stored again. Only a batch repeating an id is refused, here.
   */
  override async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    assertSomethingToAppend(events);
    assertDistinctIds(events);
    const sent = await this.sendAppend(streamId, events.map(toEventData), expectedRevision);
    const result = await this.toAppendResult(streamId, sent, expectedRevision);
    this.listeners.notify();
    return result;
  }

  /**
   * This client cannot filter a read of `$all` on the server (its `readAll` takes no filter), so
   * system events and other streams are skipped here, page after page until `maxCount` are found:
   * a short page that skipped everything would look like the end of the log to a catch-up.
   */
  override async readAll({ after, maxCount, streamPrefix = '' }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const found: RecordedEvent[] = [];
    let from = toClientPosition(after);
    while (found.length < maxCount) {
      const pageSize = maxCount + 1; // one more, as the page may start with the event at `from`
      const page = await this.readAllPage(from, pageSize);
      const wanted = page.filter(
        (event) =>
          isLaterPosition(event.position, from) && !isSystemEvent(event) && event.streamId.startsWith(streamPrefix),
      );
      found.push(...wanted.map(toRecordedEvent));
      if (page.length < pageSize) break; // the end of the log
      from = page[page.length - 1].position;
    }
    return found.slice(0, maxCount);
  }

  /**
   * A catch-up subscription to `$all`, filtered on the server by stream name prefix (or to every
   * event but the server's own): it sends the events after `after`, then each as it is written.
   */
  override subscribeToLog({ after, streamPrefix = '' }: SubscribeToLogOptions): LogSubscription {
    this.assertOpen();
    const from = toClientPosition(after);
    const subscription = this.client.subscribeToAll({
      fromPosition: isLaterPosition(after, START_OF_LOG) ? from : esdb.START,
      filter: streamPrefix ? esdb.streamNameFilter({ prefixes: [streamPrefix] }) : esdb.excludeSystemEvents(),
    });
    return {
      async *[Symbol.asyncIterator]() {
        for await (const { event } of subscription) {
          // The position subscribed from is not sent again; checked all the same, as readAll's is.
          if (event && isLaterPosition(event.position, from) && !isSystemEvent(event)) yield toRecordedEvent(event);
        }
      },
      close: () => subscription.unsubscribe(),
    };
  }

  override onAppended(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  override async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.client.dispose();
  }

  private assertOpen(): void {
    // The client stays usable after `dispose`, so a closed store refuses calls itself.
    if (this.closed) throw new Error('the event store is closed');
  }

  /**
   * Sends the append again after a failure of the connection (the node unavailable, no longer
   * the leader, or the deadline passed), when it may or may not have been stored. That is
   * idempotent: the same events, with the same ids and expected revision, are recognised by the
   * server if the first attempt stored them, and answered with that attempt's result.
   */
  private async sendAppend(
    streamId: string,
    events: esdb.EventData[],
    expected: ExpectedRevision,
  ): Promise<esdb.AppendResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client.appendToStream(streamId, events, {
          expectedRevision: toClientExpectedRevision(expected),
        });
      } catch (error) {
        if (error instanceof esdb.WrongExpectedVersionError) {
          throw new WrongExpectedRevisionError(streamId, expected, toCurrentRevision(error.actualVersion));
        }
        const pause = this.appendRetryDelaysMs[attempt];
        if (pause === undefined || !TRANSIENT_FAILURES.some((failure) => error instanceof failure)) throw error;
        await sleep(pause);
      }
    }
  }

  private async toAppendResult(
    streamId: string,
    sent: esdb.AppendResult,
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    // A client connected with throwOnAppendFailure=false reports a refusal instead of throwing it,
    // and not always with the stream's revision.
    if (!sent.success) {
      throw new WrongExpectedRevisionError(streamId, expected, await this.currentRevision(streamId));
    }
    const nextRevision = Number(sent.nextExpectedRevision);
    // Servers may leave the position out when they recognise a repeated append.
    const position = sent.position ? toLogPosition(sent.position) : await this.positionOf(streamId, nextRevision);
    return { nextRevision, position };
  }

  private async currentRevision(streamId: string): Promise<CurrentRevision> {
    const [last] = await this.readStreamEvents(streamId, {
      fromRevision: esdb.END,
      direction: esdb.BACKWARDS,
      maxCount: 1,
    });
    return last?.revision ?? 'no_stream';
  }

  private async positionOf(streamId: string, revision: number): Promise<LogPosition> {
    const [event] = await this.readStreamEvents(streamId, { fromRevision: BigInt(revision), maxCount: 1 });
    if (!event) throw new Error(`stream ${streamId} has no event at revision ${revision}`);
    return event.position;
  }

  private async readStreamEvents(streamId: string, options: esdb.ReadStreamOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const { event } of this.client.readStream(streamId, options)) {
        if (event) events.push(toRecordedEvent(event));
      }
    } catch (error) {
      if (error instanceof esdb.StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** Reads forwards from `from`, which EventStoreDB includes when an event starts there. */
  private async readAllPage(from: esdb.Position, maxCount: number): Promise<esdb.AllStreamRecordedEvent[]> {
    const page: esdb.AllStreamRecordedEvent[] = [];
    for await (const { event } of this.client.readAll({ fromPosition: from, maxCount, direction: esdb.FORWARDS })) {
      if (event) page.push(event);
    }
    return page;
  }
}

/** EventStoreDB would store both events of a batch that repeats an id. */
function assertDistinctIds(events: readonly NewEvent[]): void {
  const ids = new Set<string>();
  for (const { id } of events) {
    if (ids.has(id)) throw new DuplicateEventIdError(id);
    ids.add(id);
  }
}
