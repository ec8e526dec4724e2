import {
  GENESIS_HASH,
  InMemoryEventStore,
  linked,
  START_OF_LOG,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@lib/event-store';
import { PushingEventStoreDouble } from '@lib/event-store/testing';
import { DataKeys } from '../data-keys';
import { KeyEncryptionKey } from '../key-encryption-key';
import { SqliteDataKeyStore } from '../key-store/sqlite-data-key.store';
import { EventSealing } from './event-sealing';
import { OpenedEventStore } from './opened-event-store';
import type { PersonalFieldPaths } from './personal-values';

const FIELDS: PersonalFieldPaths = {
  data: { CaseOpened: ['name', 'comments.*.text'], CaseClosed: [] },
  metadata: ['actor.employeeName'],
};

function caseOpened(id: string, name: string): NewEvent {
  return {
    id,
    type: 'CaseOpened',
    data: { name, priority: 'high', comments: [{ id: 'c-0', text: `a comment by ${name}` }] },
    metadata: { actor: { employeeId: 'emp-7', employeeName: 'Grace Hopper' } },
  };
}

function caseClosed(id: string): NewEvent {
  return { id, type: 'CaseClosed', data: { reason: 'solved' }, metadata: { actor: { employeeName: 'Grace Hopper' } } };
}

describe('OpenedEventStore', () => {
  let stored: InMemoryEventStore;
  let keys: DataKeys;
  let sealing: EventSealing;
  let store: OpenedEventStore;

  /** Appends the events as the command runner does: sealed, then linked onto the stream's hash chain. */
  async function appendSealed(streamId: string, events: readonly NewEvent[]): Promise<void> {
    const chained = linked(streamId, await sealing.seal(streamId, events), 0, GENESIS_HASH);
    await stored.appendToStream(streamId, chained, 'no_stream');
  }

  beforeEach(async () => {
    stored = new InMemoryEventStore();
    keys = await DataKeys.open(SqliteDataKeyStore.inMemory(), { key: KeyEncryptionKey.generate(), source: 'a test' });
    sealing = new EventSealing(keys, FIELDS);
    store = new OpenedEventStore(stored, sealing);
  });

  afterEach(async () => {
    await store.close();
    await stored.close();
    await keys.close();
  });

  it('reads a stream with its personal values opened, and its hash chain as stored', async () => {
    await appendSealed('case-1', [caseOpened('e-0', 'Ada Lovelace'), caseClosed('e-1')]);
    const sealed = await stored.readStream('case-1');

    const read = await store.readStream('case-1');

    expect(read.map((event) => event.data)).toEqual([caseOpened('e-0', 'Ada Lovelace').data, { reason: 'solved' }]);
    expect(read.map((event) => event.metadata)).toEqual(
      sealed.map((event) => ({
        ...event.metadata,
        actor: { ...(event.metadata.actor as object), employeeName: 'Grace Hopper' },
      })),
    );
    expect(read.map((event) => event.metadata.hash)).toEqual(sealed.map((event) => event.metadata.hash));
    expect(read.map(({ data: _data, metadata: _metadata, ...rest }) => rest)).toEqual(
      sealed.map(({ data: _data, metadata: _metadata, ...rest }) => rest),
    );
  });

  it('passes the options of readStream on to the stored events', async () => {
    await appendSealed('case-1', [caseOpened('e-0', 'Ada Lovelace'), caseClosed('e-1')]);

    const read = await store.readStream('case-1', { fromRevision: 1 });

    expect(read.map((event) => [event.id, event.metadata.actor])).toEqual([['e-1', { employeeName: 'Grace Hopper' }]]);
  });

  it('reads the log across streams with personal values opened, as the options ask', async () => {
    await appendSealed('case-1', [caseOpened('a-0', 'Ada Lovelace')]);
    await appendSealed('case-2', [caseOpened('b-0', 'Charles Babbage')]);
    await appendSealed('other-1', [caseClosed('c-0')]);

    const all = await store.readAll({ after: START_OF_LOG, maxCount: 10 });
    const cases = await store.readAll({ after: START_OF_LOG, maxCount: 10, streamPrefix: 'case-' });
    const afterFirst = await store.readAll({ after: all[0].position, maxCount: 1 });

    expect(all.map((event) => [event.streamId, (event.data as { name?: string }).name])).toEqual([
      ['case-1', 'Ada Lovelace'],
      ['case-2', 'Charles Babbage'],
      ['other-1', undefined],
    ]);
    expect(all.map((event) => event.metadata.hash)).toEqual(
      (await stored.readAll({ after: START_OF_LOG, maxCount: 10 })).map((event) => event.metadata.hash),
    );
    expect(cases.map((event) => event.id)).toEqual(['a-0', 'b-0']);
    expect(afterFirst.map((event) => [event.id, event.data])).toEqual([
      ['b-0', caseOpened('b-0', 'Charles Babbage').data],
    ]);
  });

  it('passes a pushed log on with each event opened, as the values asked say', async () => {
    const pushing = new PushingEventStoreDouble();
    stored = pushing;
    const dataOnly = new OpenedEventStore(pushing, sealing, 'data');
    await appendSealed('case-1', [caseOpened('e-0', 'Ada Lovelace'), caseClosed('e-1')]);

    const subscription = dataOnly.subscribeToLog({ after: START_OF_LOG })!;
    const events: RecordedEvent[] = [];
    for await (const event of subscription) if (events.push(event) === 2) break;
    await subscription.close();

    expect(events.map((event) => event.data)).toEqual([caseOpened('e-0', 'Ada Lovelace').data, { reason: 'solved' }]);
    expect(events.map((event) => event.metadata.actor)).toEqual([{ employeeId: 'emp-7' }, {}]);
  });

  it('offers no pushed log over a store read by polling', () => {
    expect(store.subscribeToLog({ after: START_OF_LOG })).toBeUndefined();
  });

  it('refuses appends, storing nothing', async () => {
    const asAnEventStore: EventStore = store;

    await expect(asAnEventStore.appendToStream('case-1', [caseClosed('e-0')], 'no_stream')).rejects.toThrow(
      /case-1: append to the stored events/,
    );

    expect(await stored.readAll({ after: START_OF_LOG, maxCount: 10 })).toEqual([]);
  });

  it('tells its listeners of appends to the stored events, until they unsubscribe', async () => {
    const listener = jest.fn();
    const unsubscribe = store.onAppended(listener);

    await appendSealed('case-1', [caseClosed('e-0')]);
    unsubscribe();
    await appendSealed('case-2', [caseClosed('e-1')]);

    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('leaves the stored events open when closed: their owner closes them', async () => {
    await appendSealed('case-1', [caseClosed('e-0')]);

    await store.close();

    expect(await stored.readStream('case-1')).toHaveLength(1);
  });
});
