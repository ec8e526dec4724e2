import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../event-store.contract';
import { START_OF_LOG, type NewEvent } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

// No EventStoreDB server runs in CI, so without the variable these tests are skipped, not failed.
const connectionString = process.env.ESDB_CONNECTION_STRING ?? '';
const describeWithServer = connectionString ? describe : describe.skip;

function newEvent(): NewEvent {
  return { id: randomUUID(), type: 'Tested', data: { value: randomUUID() }, metadata: { actor: 'tester' } };
}

describeWithServer('EventStoreDbEventStore on a server (needs ESDB_CONNECTION_STRING)', () => {
  describeEventStoreContract(
    'EventStoreDbEventStore',
    async () => {
      const store = EventStoreDbEventStore.connect(connectionString);
      return { store, cleanup: () => store.close() };
    },
    EventStoreDbEventStore,
  );

  describe('what EventStoreDB does with event ids', () => {
    let store: EventStoreDbEventStore;

    beforeEach(() => {
      store = EventStoreDbEventStore.connect(connectionString);
    });

    afterEach(async () => {
      await store.close();
    });

    it('resolves a retried append with the original result and stores its events once', async () => {
      const streamId = `case-${randomUUID()}`;
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream(streamId, events, 'no_stream');

      const retried = await store.appendToStream(streamId, events, 'no_stream');

      expect(retried).toEqual(first);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('stores an id stored before in another stream, as its declared capability says', async () => {
      const event = newEvent();
      await store.appendToStream(`case-${randomUUID()}`, [event], 'no_stream');
      const streamId = `case-${randomUUID()}`;

      await store.appendToStream(streamId, [event], 'no_stream');

      expect((await store.readStream(streamId)).map((stored) => stored.id)).toEqual([event.id]);
    });
  });

  it("leaves EventStoreDB's own events out of the global log, which starts with them", async () => {
    const store = EventStoreDbEventStore.connect(connectionString);
    try {
      const events = await store.readAll({ after: START_OF_LOG, maxCount: 100 });

      expect(events.length).toBeGreaterThan(0);
      expect(events.filter((event) => event.streamId.startsWith('$') || event.type.startsWith('$'))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
