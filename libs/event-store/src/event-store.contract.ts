import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type LogPosition,
  type NewEvent,
  type RecordedEvent,
} from './event-store.port';
import { GENESIS_HASH, linked, verifyChain } from './hash-chain';

export interface EventStoreFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

/** What an adapter declares it cannot promise; only the tests needing it are skipped, none weakened. */
export interface EventStoreCapabilities {
  /** False when the store cannot see ids stored in other streams (EventStoreDB de-duplicates per stream). */
  readonly refusesEventIdsStoredBefore: boolean;
  /** True when the store pushes its log to subscribers (`subscribeToLog`) instead of being polled. */
  readonly pushesItsLog?: boolean;
}

/**
 * The behaviour every EventStore adapter promises. Stream ids are unique per test and reads of
 * the global log start after a marker, so a store shared between tests passes too.
 */
export function describeEventStoreContract(
  name: string,
  create: () => Promise<EventStoreFixture>,
  { refusesEventIdsStoredBefore, pushesItsLog = false }: EventStoreCapabilities = { refusesEventIdsStoredBefore: true },
): void {
  const itWhenIdsStoredBeforeAreRefused = refusesEventIdsStoredBefore ? it : it.skip;

  describe(`${name} (EventStore contract)`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await create());
    });

    afterEach(async () => {
      await cleanup();
    });

    /** The position of a fresh marker event: reading after it sees only this test's events. */
    async function headPosition(): Promise<LogPosition> {
      const { position } = await store.appendToStream(uniqueId('marker'), [newEvent()], 'no_stream');
      return position;
    }

    async function readAllIds(after: LogPosition, streamPrefix?: string): Promise<string[]> {
      const events = await store.readAll({ after, maxCount: 1000, streamPrefix });
      return events.map((event) => event.id);
    }

    describe('readStream', () => {
      it('returns no events for a stream that does not exist', async () => {
        expect(await store.readStream(uniqueId('missing'))).toEqual([]);
      });

      it('returns the events from a revision on', async () => {
        const streamId = uniqueId('stream');
        const events = [newEvent(), newEvent(), newEvent(), newEvent()];
        await store.appendToStream(streamId, events, 'no_stream');

        const fromTwo = await store.readStream(streamId, { fromRevision: 2 });

        expect(fromTwo.map((event) => event.id)).toEqual([events[2].id, events[3].id]);
        expect(fromTwo.map((event) => event.revision)).toEqual([2, 3]);
        expect(await store.readStream(streamId, { fromRevision: 4 })).toEqual([]);
      });
    });

    describe('appendToStream', () => {
      it('stores a new stream and reads it back as written', async () => {
        const streamId = uniqueId('stream');
        const events: NewEvent[] = [
          newEvent('SupportCaseCreated', { title: 'No picture', tags: ['tv'], nested: { n: 1.5, no: null } }),
          newEvent('SupportCaseCommented', { text: 'ünïcødé ✓' }),
          newEvent('SupportCaseSolved', {}),
        ];

        const result = await store.appendToStream(streamId, events, 'no_stream');
        const read = await store.readStream(streamId);

        const written = ({ id, type, data, metadata }: NewEvent) => ({ id, type, data, metadata });
        expect(read.map(written)).toEqual(events.map(written));
        expect(read.map((event) => event.streamId)).toEqual([streamId, streamId, streamId]);
        expect(read.map((event) => event.revision)).toEqual([0, 1, 2]);
        expectIncreasingPositions(read);
        read.forEach((event) => expect(new Date(event.recordedAt).toISOString()).toBe(event.recordedAt));
        expect(result).toEqual({ nextRevision: 2, position: read[2].position });
      });

      it("keeps each event's hash chain, so the stream read back verifies", async () => {
        const streamId = uniqueId('stream');
        const first = linked(streamId, [newEvent('SupportCaseCreated', { n: 1.5 })], 0, GENESIS_HASH);
        await store.appendToStream(streamId, first, 'no_stream');
        const next = linked(streamId, [newEvent('SupportCaseSolved', {})], 1, first[0].metadata.hash as string);
        await store.appendToStream(streamId, next, 0);

        const read = await store.readStream(streamId);
        expect(read.map((event) => event.metadata.hash)).toEqual([first[0].metadata.hash, next[0].metadata.hash]);
        expect(verifyChain(read)).toEqual({ ok: true, events: 2 });
      });

      it('refuses no_stream when the stream exists, reporting its revision', async () => {
        const streamId = uniqueId('stream');
        await store.appendToStream(streamId, [newEvent()], 'no_stream');

        const append = store.appendToStream(streamId, [newEvent()], 'no_stream');

        await expectRefusal(append, WrongExpectedRevisionError, {
          streamId,
          expected: 'no_stream',
          actual: 0,
        });
      });

      it('appends when the expected revision is the revision of the last event', async () => {
        const streamId = uniqueId('stream');
        await store.appendToStream(streamId, [newEvent(), newEvent()], 'no_stream');

        const result = await store.appendToStream(streamId, [newEvent()], 1);

        expect(result.nextRevision).toBe(2);
        expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1, 2]);
      });

      it('refuses a stale or future expected revision', async () => {
        const streamId = uniqueId('stream');
        await store.appendToStream(streamId, [newEvent(), newEvent()], 'no_stream');

        await expectRefusal(store.appendToStream(streamId, [newEvent()], 0), WrongExpectedRevisionError, {
          expected: 0,
          actual: 1,
        });
        await expectRefusal(store.appendToStream(streamId, [newEvent()], 2), WrongExpectedRevisionError, {
          expected: 2,
          actual: 1,
        });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('refuses an expected revision for a stream that does not exist', async () => {
        const streamId = uniqueId('stream');

        await expectRefusal(store.appendToStream(streamId, [newEvent()], 0), WrongExpectedRevisionError, {
          actual: 'no_stream',
        });
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('appends without a check when the expected revision is any', async () => {
        const streamId = uniqueId('stream');

        const first = await store.appendToStream(streamId, [newEvent()], 'any');
        const second = await store.appendToStream(streamId, [newEvent(), newEvent()], 'any');

        expect([first.nextRevision, second.nextRevision]).toEqual([0, 2]);
        expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1, 2]);
      });

      it('refuses an empty batch', async () => {
        await expectRefusal(store.appendToStream(uniqueId('stream'), [], 'any'), RangeError, {});
      });

      itWhenIdsStoredBeforeAreRefused(
        'refuses an event id stored before, in any stream, and stores nothing of the batch',
        async () => {
          const stored = newEvent();
          await store.appendToStream(uniqueId('stream'), [stored], 'no_stream');
          const streamId = uniqueId('stream');
          const after = await headPosition();
          const batch = [newEvent(), { ...stored, type: 'Other' }];

          const append = store.appendToStream(streamId, batch, 'no_stream');

          await expectRefusal(append, DuplicateEventIdError, { eventId: stored.id });
          expect(await store.readStream(streamId)).toEqual([]);
          expect(await readAllIds(after)).toEqual([]);
        },
      );

      it('refuses an event id twice in one batch and stores nothing of it', async () => {
        const streamId = uniqueId('stream');
        const event = newEvent();

        const append = store.appendToStream(streamId, [event, newEvent(), event], 'no_stream');

        await expectRefusal(append, DuplicateEventIdError, { eventId: event.id });
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('refuses data that JSON cannot represent and stores nothing of the batch', async () => {
        const streamId = uniqueId('stream');
        const batch = [newEvent(), { ...newEvent(), data: undefined }];

        await expectRefusal(store.appendToStream(streamId, batch, 'no_stream'), TypeError, {});
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('lets exactly one of concurrent appends with the same expected revision win', async () => {
        const streamId = uniqueId('stream');
        await store.appendToStream(streamId, [newEvent()], 'no_stream');
        const contenders = [newEvent(), newEvent(), newEvent()];

        const outcomes = await Promise.allSettled(
          contenders.map((event) => store.appendToStream(streamId, [event], 0)),
        );

        const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(2);
        losers.forEach((error) => expect(error).toBeInstanceOf(WrongExpectedRevisionError));
        expect(await store.readStream(streamId)).toHaveLength(2);
      });
    });

    describe('subscribeToLog', () => {
      if (!pushesItsLog) {
        it('offers no pushed log: its readers poll readAll', () => {
          expect(store.subscribeToLog({ after: { commit: 0, prepare: 0 } })).toBeUndefined();
        });
        return;
      }

      it('pushes the events after the position of the streams with the prefix, then each later append, until closed', async () => {
        const prefix = uniqueId('pushed') + '-';
        const [before, after, later] = [newEvent(), newEvent(), newEvent()];
        const { position } = await store.appendToStream(`${prefix}1`, [before], 'no_stream');
        await store.appendToStream(`${prefix}1`, [after], 0);
        await store.appendToStream(uniqueId('other'), [newEvent()], 'no_stream');
        const subscription = store.subscribeToLog({ after: position, streamPrefix: prefix })!;

        const pushed: string[] = [];
        for await (const event of subscription) {
          pushed.push(event.id);
          if (pushed.length === 1) await store.appendToStream(`${prefix}2`, [later], 'no_stream');
          if (pushed.length === 2) await subscription.close();
        }

        expect(pushed).toEqual([after.id, later.id]);
      });
    });

    describe('readAll', () => {
      it('returns events across streams in append order, after a position', async () => {
        const after = await headPosition();
        const [a, b] = [uniqueId('a'), uniqueId('b')];
        const appended = [newEvent(), newEvent(), newEvent(), newEvent()];
        await store.appendToStream(a, [appended[0]], 'no_stream');
        await store.appendToStream(b, [appended[1], appended[2]], 'no_stream');
        await store.appendToStream(a, [appended[3]], 0);

        const all = await store.readAll({ after, maxCount: 1000 });
        const afterSecond = await store.readAll({ after: all[1].position, maxCount: 1000 });

        expect(all.map((event) => event.id)).toEqual(appended.map((event) => event.id));
        expect(all.map((event) => event.streamId)).toEqual([a, b, b, a]);
        expectIncreasingPositions(all);
        expect(afterSecond.map((event) => event.id)).toEqual([appended[2].id, appended[3].id]);
      });

      it('returns at most maxCount events, the oldest first', async () => {
        const after = await headPosition();
        const appended = [newEvent(), newEvent(), newEvent()];
        await store.appendToStream(uniqueId('stream'), appended, 'no_stream');

        const firstTwo = await store.readAll({ after, maxCount: 2 });

        expect(firstTwo.map((event) => event.id)).toEqual([appended[0].id, appended[1].id]);
      });

      it('returns only streams with the prefix, counting only those towards maxCount', async () => {
        const prefix = `${uniqueId('case')}-`;
        const after = await headPosition();
        const wanted = [newEvent(), newEvent(), newEvent()];
        await store.appendToStream(`${prefix}1`, [wanted[0]], 'no_stream');
        await store.appendToStream(uniqueId('other'), [newEvent(), newEvent()], 'no_stream');
        await store.appendToStream(`${prefix}2`, [wanted[1], wanted[2]], 'no_stream');
        await store.appendToStream(`x${prefix}3`, [newEvent()], 'no_stream');

        const firstTwo = await store.readAll({ after, maxCount: 2, streamPrefix: prefix });

        expect(await readAllIds(after, prefix)).toEqual(wanted.map((event) => event.id));
        expect(firstTwo.map((event) => event.id)).toEqual([wanted[0].id, wanted[1].id]);
      });

      it.each(['_', '%', '*', '?', '['])('takes %s in a stream prefix literally', async (character) => {
        const base = uniqueId('case');
        const after = await headPosition();
        const literal = newEvent();
        await store.appendToStream(`${base}x-1`, [newEvent()], 'no_stream');
        await store.appendToStream(`${base}${character}-1`, [literal], 'no_stream');

        expect(await readAllIds(after, `${base}${character}`)).toEqual([literal.id]);
      });

      it('matches a stream prefix case-sensitively', async () => {
        const base = uniqueId('case');
        const after = await headPosition();
        const upper = newEvent();
        await store.appendToStream(`${base}a-1`, [newEvent()], 'no_stream');
        await store.appendToStream(`${base}A-1`, [upper], 'no_stream');

        expect(await readAllIds(after, `${base}A`)).toEqual([upper.id]);
      });
    });

    describe('onAppended', () => {
      it('calls listeners after each append until they unsubscribe', async () => {
        const streamId = uniqueId('stream');
        const listener = jest.fn();
        const unsubscribe = store.onAppended(listener);

        await store.appendToStream(streamId, [newEvent(), newEvent()], 'no_stream');
        await store.appendToStream(streamId, [newEvent()], 1);
        unsubscribe();
        await store.appendToStream(streamId, [newEvent()], 2);

        expect(listener).toHaveBeenCalledTimes(2);
      });

      it('does not call listeners when an append is refused', async () => {
        const streamId = uniqueId('stream');
        await store.appendToStream(streamId, [newEvent()], 'no_stream');
        const listener = jest.fn();
        store.onAppended(listener);

        await expect(store.appendToStream(streamId, [newEvent()], 'no_stream')).rejects.toThrow();

        expect(listener).not.toHaveBeenCalled();
      });

      it('completes the append and calls the other listeners when a listener throws', async () => {
        const streamId = uniqueId('stream');
        const other = jest.fn();
        store.onAppended(() => {
          throw new Error('listener failed');
        });
        store.onAppended(other);

        await expect(store.appendToStream(streamId, [newEvent()], 'no_stream')).resolves.toMatchObject({
          nextRevision: 0,
        });
        expect(other).toHaveBeenCalledTimes(1);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });
    });

    it('refuses reads after close', async () => {
      await store.close();

      await expect(store.readStream(uniqueId('stream'))).rejects.toThrow();
    });
  });
}

function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

function newEvent(type = 'Tested', data: unknown = { value: randomUUID() }): NewEvent {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID(), actor: { employee: 7 } } };
}

async function expectRefusal(
  operation: Promise<unknown>,
  errorClass: new (...args: never[]) => Error,
  expectedFields: object,
): Promise<void> {
  const error = await operation.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(errorClass);
  expect(error).toMatchObject(expectedFields);
}

function expectIncreasingPositions(events: readonly RecordedEvent[]): void {
  events.slice(1).forEach((event, index) => {
    const previous = events[index].position;
    const increasing =
      event.position.commit > previous.commit ||
      (event.position.commit === previous.commit && event.position.prepare > previous.prepare);
    expect(increasing).toBe(true);
  });
}
