import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '../in-memory/in-memory.event-store';
import { START_OF_LOG } from '../event-store.port';
import { measureLag } from './consumer-lag';

const event = () => ({ id: randomUUID(), type: 'Happened', data: {}, metadata: {} });

describe('measureLag', () => {
  it('counts the events after the checkpoint and the age of the oldest of them', async () => {
    const store = new InMemoryEventStore();
    const first = await store.appendToStream('case-1', [event()], 'no_stream');
    await store.appendToStream('case-1', [event(), event()], 0);
    const [oldestPending] = await store.readAll({ after: first.position, maxCount: 1 });
    const now = Date.parse(oldestPending.recordedAt) + 2_500;

    expect(await measureLag(store, first.position, { now })).toEqual({
      position: first.position,
      events: 2,
      seconds: 2.5,
    });
  });

  it('is zero when caught up, and counts only the streams of the prefix, up to the cap', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('case-1', [event(), event(), event()], 'no_stream');
    const head = await store.appendToStream('other-1', [event()], 'no_stream');

    expect(await measureLag(store, head.position)).toMatchObject({ events: 0, seconds: 0 });
    expect(await measureLag(store, START_OF_LOG, { streamPrefix: 'case-', cap: 2 })).toMatchObject({ events: 2 });
  });
});
