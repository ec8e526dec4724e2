import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../event-store.contract';
import { START_OF_LOG } from '../event-store.port';
import { InMemoryEventStore } from './in-memory.event-store';

describeEventStoreContract('InMemoryEventStore', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});

describe('InMemoryEventStore', () => {
  it('numbers positions with one global sequence from 1, commit equal to prepare', async () => {
    const store = new InMemoryEventStore();
    const event = () => ({ id: randomUUID(), type: 'Tested', data: {}, metadata: {} });
    await store.appendToStream('a', [event(), event()], 'no_stream');
    await store.appendToStream('b', [event()], 'no_stream');

    const positions = (await store.readAll({ after: START_OF_LOG, maxCount: 10 })).map((e) => e.position);

    expect(positions).toEqual([1, 2, 3].map((n) => ({ commit: n, prepare: n })));
  });
});
