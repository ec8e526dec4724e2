import { GENESIS_HASH } from '../hash-chain';
import { InMemoryEventStore } from '../in-memory/in-memory.event-store';
import { appendLinked } from '../testing';
import { START_OF_LOG, type RecordedEvent } from '../event-store.port';
import { InMemorySnapshotStore } from '../snapshots/in-memory-snapshot.store';
import { FoldCache } from './fold-cache';
import { FoldSnapshots } from './fold-snapshots';
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
    const folder = new StreamFolder(store, letters, { cache });

    expect(await folder.fromHistory('a', await store.readStream('a'))).toEqual({
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

describe('StreamFolder with snapshots', () => {
  const EVERY = 3;
  let store: InMemoryEventStore;
  let snapshots: InMemorySnapshotStore;
  let logged: unknown[];

  /** A folder in a process of its own (its cache empty), on the shared events and snapshots. */
  function processFolder(): StreamFolder<string[], string> {
    const logger = { error: (message: string, error?: unknown) => logged.push({ message, error }) };
    const folds = new FoldSnapshots<string[]>({ store: snapshots, version: 'v1', every: EVERY, logger });
    return new StreamFolder(store, letters, { snapshots: folds });
  }

  /** From now on, records the revision each read of a stream starts from. */
  function recordReads(): () => number[] {
    const read = jest.spyOn(store, 'readStream');
    return () => read.mock.calls.map(([, options]) => options?.fromRevision ?? 0);
  }

  /** The stream folded from its first event, with no cache and no snapshot. */
  const fullFold = async (streamId: string) => new StreamFolder(store, letters).load(streamId);

  beforeEach(() => {
    store = new InMemoryEventStore();
    snapshots = new InMemorySnapshotStore();
    logged = [];
  });

  it('saves a fold each time it passes a multiple of `every` events', async () => {
    const saved = jest.spyOn(snapshots, 'save');
    const folder = processFolder();
    for (const letter of 'abcdefg') {
      await append(store, 'a', letter);
      await folder.load('a');
    }
    await append(store, 'a', 'h', 'i', 'j', 'k');
    await folder.load('a');

    expect(saved.mock.calls.map(([, snapshot]) => snapshot.revision)).toEqual([2, 5, 10]);
    expect(await snapshots.latest('a')).toEqual({
      revision: 10,
      chainHead: await hashAt(store, 'a', 10),
      version: 'v1',
      state: [...'abcdefghijk'],
    });
  });

  it('starts a stream its cache does not hold from the snapshot, reading only the events after it', async () => {
    await append(store, 'a', ...'abcdefg');
    await processFolder().load('a');
    await append(store, 'a', 'h', 'i');
    const readsFrom = recordReads();

    const loaded = await processFolder().load('a');

    expect(readsFrom()).toEqual([7]);
    expect(loaded).toEqual(await fullFold('a'));
  });

  it('saves the fold a run appended when it passes a multiple of `every` events', async () => {
    await append(store, 'a', 'x', 'y');
    const folder = processFolder();
    const { state } = await folder.load('a');
    await append(store, 'a', 'z');

    await folder.remember('a', { state: [...state, 'z'], revision: 2, chainHead: await hashAt(store, 'a', 2) });

    expect(await snapshots.latest('a')).toMatchObject({ revision: 2, state: ['x', 'y', 'z'] });
  });

  it('folds from the first event past a snapshot of another version, and saves one of its own', async () => {
    await append(store, 'a', ...'abcd');
    await snapshots.save('a', { revision: 2, chainHead: await hashAt(store, 'a', 2), version: 'v0', state: ['old'] });
    const readsFrom = recordReads();

    const loaded = await processFolder().load('a');

    expect(readsFrom()).toEqual([0]);
    expect(loaded).toEqual(await fullFold('a'));
    expect(await snapshots.latest('a')).toMatchObject({ revision: 3, version: 'v1', state: [...'abcd'] });
  });

  it('folds from the first event when the snapshot cannot be read, and says so', async () => {
    await append(store, 'a', ...'abcd');
    jest.spyOn(snapshots, 'latest').mockRejectedValue(new Error('does not open'));

    expect(await processFolder().load('a')).toEqual(await fullFold('a'));
    expect(logged).toEqual([{ message: expect.stringContaining('snapshot of a'), error: new Error('does not open') }]);
  });

  it('answers the fold when its snapshot cannot be saved, and says so', async () => {
    await append(store, 'a', ...'abcd');
    jest.spyOn(snapshots, 'save').mockRejectedValue(new Error('disk full'));

    expect(await processFolder().load('a')).toEqual(await fullFold('a'));
    expect(logged).toEqual([{ message: expect.stringContaining('snapshot of a'), error: new Error('disk full') }]);
  });

  it("forgets a stream's snapshots: the next process folds it from the first event", async () => {
    await append(store, 'a', ...'abcd');
    const folder = processFolder();
    await folder.load('a');

    await folder.forgetSnapshots('a');

    expect(await snapshots.latest('a')).toBeUndefined();
    expect(await processFolder().load('a')).toEqual(await fullFold('a'));
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
