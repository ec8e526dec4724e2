import { GENESIS_HASH } from '../hash-chain';
import { InMemoryEventStore } from '../in-memory/in-memory.event-store';
import { appendLinked } from '../testing';
import { START_OF_LOG, type RecordedEvent } from '../event-store.port';
import { FoldCache } from './fold-cache';
import { StreamFolder } from './stream-folder';

/** A stream's state is the list of the letters appended to it. */
const letters = {
  initialState: [] as string[],
  evolve: (state: string[], letter: string) => [...state, letter],
  eventOf: (recorded: RecordedEvent) => (recorded.data as { letter: string }).letter,
};

async function append(store: InMemoryEventStore, streamId: string, ...values: string[]): Promise<void> {
  const events = values.map((letter) => ({ id: crypto.randomUUID(), type: 'Letter', data: { letter }, metadata: {} }));
  await appendLinked(store, streamId, events);
}

/** The hash of a stream's event at a revision, as stored. */
async function hashAt(store: InMemoryEventStore, streamId: string, revision: number): Promise<string> {
  return (await store.readStream(streamId))[revision].metadata.hash as string;
}

describe('StreamFolder', () => {
  let store: InMemoryEventStore;

  beforeEach(() => {
    store = new InMemoryEventStore();
  });

  it('loads a stream it has not seen from its start, and a missing one as the initial state', async () => {
    await append(store, 'a', 'x', 'y');
    const folder = new StreamFolder(store, letters);
    expect(await folder.load('a')).toEqual({ state: ['x', 'y'], revision: 1, chainHead: await hashAt(store, 'a', 1) });
    expect(await folder.load('b')).toEqual({ state: [], revision: 'no_stream', chainHead: GENESIS_HASH });
  });

  it('folds a history already read from the fold it remembers', async () => {
    await append(store, 'a', 'x', 'y', 'z');
    const cache = new FoldCache<string[]>();
    cache.remember('a', { state: ['remembered'], revision: 1, chainHead: await hashAt(store, 'a', 1) });
    const folder = new StreamFolder(store, letters, cache);

    expect(folder.fromHistory('a', await store.readStream('a'))).toEqual({
      state: ['remembered', 'z'],
      revision: 2,
      chainHead: await hashAt(store, 'a', 2),
    });
  });

  it('follows the global log, folding a stream it meets in the middle from its start', async () => {
    await append(store, 'a', 'x', 'y');
    await append(store, 'b', 'p');
    await append(store, 'a', 'z');
    const log = await store.readAll({ after: START_OF_LOG, maxCount: 10 });
    const folder = new StreamFolder(store, letters);

    const states = [];
    for (const recorded of log.slice(1)) states.push((await folder.after(recorded)).state);
    expect(states).toEqual([['x', 'y'], ['p'], ['x', 'y', 'z']]);
  });
});

describe('FoldCache', () => {
  it('forgets the least recently used stream beyond its capacity', () => {
    const cache = new FoldCache<number>(2);
    cache.remember('a', { state: 1, revision: 0, chainHead: GENESIS_HASH });
    cache.remember('b', { state: 2, revision: 0, chainHead: GENESIS_HASH });
    cache.get('a');
    cache.remember('c', { state: 3, revision: 0, chainHead: GENESIS_HASH });
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((folded) => folded?.state)).toEqual([1, undefined, 3]);
  });

  it('keeps a newer fold of a stream over an older one', () => {
    const cache = new FoldCache<number>();
    cache.remember('a', { state: 5, revision: 4, chainHead: GENESIS_HASH });
    cache.remember('a', { state: 3, revision: 2, chainHead: GENESIS_HASH });
    expect(cache.get('a')).toEqual({ state: 5, revision: 4, chainHead: GENESIS_HASH });
  });
});
