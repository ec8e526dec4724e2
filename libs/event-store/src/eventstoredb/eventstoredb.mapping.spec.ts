import * as esdb from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  START_OF_LOG,
  WrongExpectedRevisionError,
  type ExpectedRevision,
  type LogSubscription,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb.event-store';
import {
  appendSucceeded,
  recordedEvent,
  RecordingEventStoreDbClientDouble,
} from './testing/recording-eventstoredb-client.double';

function newEvent(fields: Partial<NewEvent> = {}): NewEvent {
  return {
    id: randomUUID(),
    type: 'SupportCaseCommented',
    data: { text: 'no picture' },
    metadata: { correlationId: randomUUID() },
    ...fields,
  };
}

/** As a server before 22.6 returns an event from a stream read. */
function withoutPosition(event: esdb.AllStreamJSONRecordedEvent): esdb.AllStreamJSONRecordedEvent {
  return { ...event, position: undefined } as unknown as esdb.AllStreamJSONRecordedEvent;
}

function wrongExpectedVersion(current: esdb.CurrentRevision): esdb.WrongExpectedVersionError {
  return new esdb.WrongExpectedVersionError(undefined, { streamName: 'supportCase-1', expected: 2n, current });
}

describe('EventStoreDbEventStore around its client (client double)', () => {
  let client: RecordingEventStoreDbClientDouble;
  let store: EventStoreDbEventStore;

  beforeEach(() => {
    client = new RecordingEventStoreDbClientDouble();
    store = new EventStoreDbEventStore(client);
  });

  describe('appendToStream', () => {
    it.each<[ExpectedRevision, esdb.ExpectedRevision]>([
      ['no_stream', esdb.NO_STREAM],
      ['any', esdb.ANY],
      [4, 4n],
    ])('sends expected revision %p as %p', async (expected, sent) => {
      await store.appendToStream('supportCase-1', [newEvent()], expected);

      expect(client.appendCalls.map((call) => call.options)).toEqual([{ expectedRevision: sent }]);
    });

    it('sends the events as JSON with their own ids, types, data and metadata, to the stream as named', async () => {
      const events = [newEvent(), newEvent({ type: 'SupportCaseSolved', data: {} })];

      await store.appendToStream('supportCase-65f1a2', events, 'no_stream');

      expect(client.appendCalls).toEqual([
        {
          streamName: 'supportCase-65f1a2',
          events: events.map(({ id, type, data, metadata }) => ({
            id,
            contentType: 'application/json',
            type,
            data,
            metadata,
          })),
          options: { expectedRevision: esdb.NO_STREAM },
        },
      ]);
    });

    it('reports the new revision and the position of the append as numbers', async () => {
      client.answerAppendsWith(appendSucceeded(7n, { commit: 20_480n, prepare: 20_300n }));

      await expect(store.appendToStream('supportCase-1', [newEvent()], 6)).resolves.toEqual({
        nextRevision: 7,
        position: { commit: 20_480, prepare: 20_300 },
      });
    });

    it.each<[string, esdb.CurrentRevision, number | 'no_stream']>([
      ['revision 3', 3n, 3],
      ['no_stream', esdb.NO_STREAM, 'no_stream'],
      ['revision -1 (older servers, for no stream)', -1n, 'no_stream'],
    ])('maps WrongExpectedVersionError with %s to WrongExpectedRevisionError', async (_, current, actual) => {
      client.refuseAppendsWith(wrongExpectedVersion(current));

      const append = store.appendToStream('supportCase-1', [newEvent()], 2);

      await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(append).rejects.toMatchObject({ streamId: 'supportCase-1', expected: 2, actual });
    });

    it('passes other client errors on unchanged', async () => {
      const denied = new esdb.AccessDeniedError();
      client.refuseAppendsWith(denied);

      await expect(store.appendToStream('supportCase-1', [newEvent()], 'any')).rejects.toBe(denied);
    });

    describe('after a failure of the connection', () => {
      const noPauses = () => new EventStoreDbEventStore(client, { appendRetryDelaysMs: [0, 0, 0] });

      it.each([
        ['the node unavailable', () => new esdb.UnavailableError()],
        ['the deadline passed', () => new esdb.DeadlineExceededError()],
      ])('sends the same append again (%s) and answers its result', async (_, failure) => {
        client.failNextAppendsWith(failure(), failure());
        client.answerAppendsWith(appendSucceeded(3n, { commit: 900n, prepare: 880n }));
        const events = [newEvent(), newEvent()];

        const result = await noPauses().appendToStream('supportCase-1', events, 1);

        expect(result).toEqual({ nextRevision: 3, position: { commit: 900, prepare: 880 } });
        expect(client.appendCalls).toHaveLength(3);
        const sentIds = client.appendCalls.map((call) => call.events.map((event) => event.id));
        expect(sentIds).toEqual([0, 1, 2].map(() => events.map((event) => event.id)));
        expect(client.appendCalls.map((call) => call.options)).toEqual([0, 1, 2].map(() => ({ expectedRevision: 1n })));
      });

      it('gives up after four attempts, passing the last failure on', async () => {
        const last = new esdb.UnavailableError();
        client.failNextAppendsWith(
          new esdb.UnavailableError(),
          new esdb.UnavailableError(),
          new esdb.UnavailableError(),
          last,
        );

        await expect(noPauses().appendToStream('supportCase-1', [newEvent()], 'any')).rejects.toBe(last);
        expect(client.appendCalls).toHaveLength(4);
      });

      it('does not send again an append the server refused', async () => {
        client.refuseAppendsWith(new esdb.AccessDeniedError());

        await expect(noPauses().appendToStream('supportCase-1', [newEvent()], 'any')).rejects.toThrow();
        expect(client.appendCalls).toHaveLength(1);
      });
    });

    it('refuses an append the client reports as failed, with the revision read from the stream', async () => {
      client.store(
        recordedEvent({ streamId: 'supportCase-1', revision: 0n, position: 100n }),
        recordedEvent({ streamId: 'supportCase-1', revision: 1n, position: 200n }),
      );
      // What throwOnAppendFailure=false gives; the client's batch append may misreport the revision.
      client.answerAppendsWith({ success: false, nextExpectedRevision: 0n, position: undefined });

      const append = store.appendToStream('supportCase-1', [newEvent()], 0);

      await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(append).rejects.toMatchObject({ expected: 0, actual: 1 });
    });

    it('takes the position of the event at the new revision when the server reports none', async () => {
      client.store(
        recordedEvent({ streamId: 'supportCase-1', revision: 0n, position: 100n }),
        recordedEvent({ streamId: 'supportCase-1', revision: 1n, position: { commit: 300n, prepare: 250n } }),
        recordedEvent({ streamId: 'supportCase-1', revision: 2n, position: 400n }),
      );
      client.answerAppendsWith(appendSucceeded(1n));

      await expect(store.appendToStream('supportCase-1', [newEvent()], 0)).resolves.toEqual({
        nextRevision: 1,
        position: { commit: 300, prepare: 250 },
      });
    });

    it.each<[string, () => NewEvent[], new (...args: never[]) => Error]>([
      ['an empty batch', () => [], RangeError],
      ['a batch repeating an id', () => repeatingAnId(), DuplicateEventIdError],
      ['data JSON cannot represent', () => [newEvent(), newEvent({ data: undefined })], TypeError],
      ['metadata JSON cannot represent', () => [newEvent({ metadata: { count: 1n } })], TypeError],
    ])('refuses %s without sending anything', async (_, batch, errorClass) => {
      await expect(store.appendToStream('supportCase-1', batch(), 'any')).rejects.toBeInstanceOf(errorClass);

      expect(client.appendCalls).toEqual([]);
    });

    it('calls the onAppended listeners after an append, not after a refused one', async () => {
      const listener = jest.fn();
      store.onAppended(listener);

      await store.appendToStream('supportCase-1', [newEvent()], 'no_stream');
      client.refuseAppendsWith(wrongExpectedVersion(0n));
      await expect(store.appendToStream('supportCase-1', [newEvent()], 'no_stream')).rejects.toThrow();

      expect(listener).toHaveBeenCalledTimes(1);
    });

    function repeatingAnId(): NewEvent[] {
      const repeated = newEvent();
      return [repeated, newEvent(), repeated];
    }
  });

  describe('readStream', () => {
    it('reads forwards from the revision asked for and maps the events to the port', async () => {
      const wanted = recordedEvent({
        streamId: 'supportCase-1',
        revision: 1n,
        position: { commit: 4_096n, prepare: 4_000n },
        type: 'SupportCaseSolved',
        data: { solved: true },
        metadata: { actor: 'employee-7' },
        created: new Date('2024-05-06T07:08:09.123Z'),
      });
      client.store(recordedEvent({ streamId: 'supportCase-1', revision: 0n, position: 100n }), wanted);

      const read = await store.readStream('supportCase-1', { fromRevision: 1 });

      expect(client.readStreamCalls).toEqual([{ streamName: 'supportCase-1', options: { fromRevision: 1n } }]);
      expect(read).toEqual([
        {
          id: wanted.id,
          streamId: 'supportCase-1',
          revision: 1,
          position: { commit: 4_096, prepare: 4_000 },
          type: 'SupportCaseSolved',
          data: { solved: true },
          metadata: { actor: 'employee-7' },
          recordedAt: '2024-05-06T07:08:09.123Z',
        },
      ]);
    });

    it('reads from the first revision by default', async () => {
      client.store(recordedEvent({ streamId: 'supportCase-1', position: 100n }));

      await store.readStream('supportCase-1');

      expect(client.readStreamCalls.map((call) => call.options)).toEqual([{ fromRevision: 0n }]);
    });

    it('returns no events for a stream the client does not find', async () => {
      await expect(store.readStream('supportCase-missing')).resolves.toEqual([]);
    });

    it('gives an event stored without metadata empty metadata', async () => {
      client.store(recordedEvent({ streamId: 'supportCase-1', position: 100n, metadata: undefined }));

      const [read] = await store.readStream('supportCase-1');

      expect(read.metadata).toEqual({});
    });

    it('refuses an event read without its log position', async () => {
      client.store(withoutPosition(recordedEvent({ streamId: 'supportCase-1', position: 100n })));

      await expect(store.readStream('supportCase-1')).rejects.toThrow('without its log position');
    });
  });

  describe('readAll', () => {
    const eventAt = (commit: bigint, streamId = 'supportCase-1') => recordedEvent({ streamId, position: commit });

    it('reads forwards from the position given, leaving out the event at it', async () => {
      const [at, second, third] = [eventAt(100n), eventAt(200n), eventAt(300n)];
      client.store(at, second, third);

      const read = await store.readAll({ after: { commit: 100, prepare: 100 }, maxCount: 10 });

      expect(read.map((event) => event.id)).toEqual([second.id, third.id]);
      expect(client.readAllCalls).toEqual([
        { fromPosition: { commit: 100n, prepare: 100n }, maxCount: 11, direction: esdb.FORWARDS },
      ]);
    });

    it('orders positions by commit, then prepare', async () => {
      const earlier = recordedEvent({ position: { commit: 500n, prepare: 480n } });
      const later = recordedEvent({ position: { commit: 500n, prepare: 490n } });
      client.store(earlier, later);

      const read = await store.readAll({ after: { commit: 500, prepare: 480 }, maxCount: 10 });

      expect(read.map((event) => event.id)).toEqual([later.id]);
    });

    it('maps the events to the port, positions as numbers', async () => {
      const stored = recordedEvent({
        streamId: 'supportCase-2',
        revision: 5n,
        position: { commit: 123_456_789_012n, prepare: 123_456_789_000n },
        created: new Date('2024-01-02T03:04:05.678Z'),
      });
      client.store(stored);

      const [read] = await store.readAll({ after: START_OF_LOG, maxCount: 10 });

      expect(read).toEqual({
        id: stored.id,
        streamId: 'supportCase-2',
        revision: 5,
        position: { commit: 123_456_789_012, prepare: 123_456_789_000 },
        type: stored.type,
        data: stored.data,
        metadata: stored.metadata,
        recordedAt: '2024-01-02T03:04:05.678Z',
      });
    });

    it('skips system events and the events of system streams', async () => {
      const wanted = eventAt(400n);
      client.store(
        recordedEvent({ streamId: '$$supportCase-1', type: '$metadata', position: 100n }),
        recordedEvent({ streamId: '$ce-supportCase', type: '$>', position: 200n }),
        recordedEvent({ streamId: '$projections-cases-result', type: 'Result', position: 300n }),
        wanted,
        recordedEvent({ streamId: 'supportCase-2', type: '$streamDeleted', position: 500n }),
      );

      const read = await store.readAll({ after: START_OF_LOG, maxCount: 10 });

      expect(read.map((event) => event.id)).toEqual([wanted.id]);
    });

    it('keeps only the streams that start with the prefix, matched case-sensitively', async () => {
      const wanted = [eventAt(100n, 'supportCase-1'), eventAt(400n, 'supportCase-2')];
      client.store(wanted[0], eventAt(200n, 'supportcase-3'), eventAt(300n, 'xsupportCase-4'), wanted[1]);

      const read = await store.readAll({ after: START_OF_LOG, maxCount: 10, streamPrefix: 'supportCase-' });

      expect(read.map((event) => event.id)).toEqual(wanted.map((event) => event.id));
    });

    it('reads on past pages of skipped events until it has maxCount events', async () => {
      const others = [100n, 200n, 300n, 400n].map((commit) => eventAt(commit, 'other-1'));
      const wanted = [eventAt(500n), eventAt(600n), eventAt(700n)];
      client.store(...others, ...wanted);

      const read = await store.readAll({ after: START_OF_LOG, maxCount: 2, streamPrefix: 'supportCase-' });

      expect(read.map((event) => event.id)).toEqual([wanted[0].id, wanted[1].id]);
    });
  });

  describe('subscribeToLog', () => {
    const eventAt = (commit: bigint, streamId = 'supportCase-1') => recordedEvent({ streamId, position: commit });

    /** Takes `count` events from the subscription, then closes it. */
    async function firstEvents(subscription: LogSubscription, count: number): Promise<RecordedEvent[]> {
      const taken: RecordedEvent[] = [];
      for await (const event of subscription) {
        taken.push(event);
        if (taken.length === count) break;
      }
      await subscription.close();
      return taken;
    }

    it('subscribes to $all after the position, filtered on the server by the stream prefix', async () => {
      client.store(eventAt(100n), eventAt(200n, 'other-1'), eventAt(300n));

      const events = await firstEvents(
        store.subscribeToLog({ after: { commit: 100, prepare: 100 }, streamPrefix: 'supportCase-' }),
        1,
      );

      expect(events.map((event) => event.position)).toEqual([{ commit: 300, prepare: 300 }]);
      expect(client.subscribeToAllCalls).toEqual([
        {
          fromPosition: { commit: 100n, prepare: 100n },
          filter: expect.objectContaining({ filterOn: esdb.STREAM_NAME, prefixes: ['supportCase-'] }),
        },
      ]);
    });

    it('subscribes from the start of the log, and without a prefix to every event but the server’s own', async () => {
      const wanted = [eventAt(200n, 'other-1'), eventAt(400n)];
      client.store(recordedEvent({ streamId: '$stats-0.0.0.0:2113', type: '$statsCollected', position: 100n }));
      client.store(wanted[0], recordedEvent({ streamId: '$$supportCase-1', type: '$metadata', position: 300n }));
      client.store(wanted[1]);

      const events = await firstEvents(store.subscribeToLog({ after: START_OF_LOG }), 2);

      expect(events.map((event) => event.id)).toEqual(wanted.map((event) => event.id));
      expect(client.subscribeToAllCalls).toEqual([
        { fromPosition: esdb.START, filter: expect.objectContaining({ filterOn: esdb.EVENT_TYPE }) },
      ]);
    });

    it('sends each event stored later as the server pushes it, mapped to the port, until closed', async () => {
      client.store(eventAt(100n));
      const subscription = store.subscribeToLog({ after: START_OF_LOG, streamPrefix: 'supportCase-' });
      const taken = firstEvents(subscription, 3);

      const later = recordedEvent({ streamId: 'supportCase-2', revision: 4n, position: 200n });
      client.store(later, eventAt(300n));

      const events = await taken;
      expect(events.map((event) => event.position.commit)).toEqual([100, 200, 300]);
      expect(events[1]).toEqual({
        id: later.id,
        streamId: 'supportCase-2',
        revision: 4,
        position: { commit: 200, prepare: 200 },
        type: later.type,
        data: later.data,
        metadata: later.metadata,
        recordedAt: later.created.toISOString(),
      });
    });

    it('ends the iteration when closed while waiting for the next event', async () => {
      const subscription = store.subscribeToLog({ after: START_OF_LOG, streamPrefix: 'supportCase-' });
      const iteration = (async () => {
        const events: RecordedEvent[] = [];
        for await (const event of subscription) events.push(event);
        return events;
      })();

      await subscription.close();

      expect(await iteration).toEqual([]);
    });
  });

  describe('close', () => {
    it('disposes the client and refuses calls afterwards', async () => {
      await store.close();

      expect(client.disposed).toBe(true);
      await expect(store.readStream('supportCase-1')).rejects.toThrow('closed');
      await expect(store.readAll({ after: START_OF_LOG, maxCount: 1 })).rejects.toThrow('closed');
      await expect(store.appendToStream('supportCase-1', [newEvent()], 'any')).rejects.toThrow('closed');
      expect(() => store.subscribeToLog({ after: START_OF_LOG })).toThrow('closed');
      expect(client.appendCalls).toEqual([]);
    });
  });

  it.each([
    'esdb://localhost:2113?tls=false',
    'esdb+discover://cluster.example:2113?tls=false',
    'kurrentdb://localhost:2113?tls=false',
    'kurrentdb+discover://cluster.example:2113?tls=false',
    'esdb://node-1:2113,node-2:2113,node-3:2113?tls=false',
  ])('connects to %s with a client built from it, without contacting the server', async (connectionString) => {
    const connected = EventStoreDbEventStore.connect(connectionString);

    expect(connected).toBeInstanceOf(EventStoreDbEventStore);
    await connected.close();
  });
});
