import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '../in-memory/in-memory.event-store';
import { readLog } from './read-log';

describe('readLog', () => {
  it('reads the whole log in order, page by page, only the streams with the prefix', async () => {
    const store = new InMemoryEventStore();
    const append = (streamId: string) =>
      store.appendToStream(streamId, [{ id: randomUUID(), type: 'Happened', data: {}, metadata: {} }], 'any');
    for (const streamId of ['case-a', 'other', 'case-b', 'case-a', 'case-b']) await append(streamId);
    const read: string[] = [];

    for await (const event of readLog(store, { streamPrefix: 'case-', pageSize: 2 })) {
      read.push(`${event.streamId}@${event.revision}`);
    }

    expect(read).toEqual(['case-a@0', 'case-b@0', 'case-a@1', 'case-b@1']);
  });
});
