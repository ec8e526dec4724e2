import { GENESIS_HASH, verifyChain } from '../hash-chain';
import { InMemoryEventStore } from '../in-memory/in-memory.event-store';
import { appendLinked } from '../testing';
import type { RecordedEvent } from '../event-store.port';
import { CommandRunner, type RunStep } from './command-runner';
import type { Decider } from './decider';
import { FoldCache } from './fold-cache';
import { PerKeyQueue } from './per-key-queue';
import { ConcurrencyError, PreconditionFailed } from './run-errors';
import { oneAtATimePerStream, retryOnConcurrency } from './run-steps';
import { StreamFolder } from './stream-folder';

/** A counter that adds what it is told, and refuses to go above a limit. */
type Add = { type: 'Add'; amount: number };
type Added = { type: 'Added'; data: { amount: number } };

const counter: Decider<number, Add, Added> = {
  initialState: 0,
  decide: (command, total) => {
    if (total + command.amount > 100) throw new RangeError('over the limit');
    return command.amount === 0 ? [] : [{ type: 'Added', data: { amount: command.amount } }];
  },
  evolve: (total, event) => total + event.data.amount,
};

const STREAM = 'counter-1';
const add = (amount: number) => ({ streamId: STREAM, command: { type: 'Add' as const, amount } });

describe('CommandRunner', () => {
  let store: InMemoryEventStore;
  let cache: FoldCache<number>;
  let runner: CommandRunner<number, Add, Added>;

  beforeEach(() => {
    store = new InMemoryEventStore();
    cache = new FoldCache<number>();
    const eventOf = ({ type, data }: RecordedEvent) => ({ type, data }) as Added;
    runner = new CommandRunner(store, counter, new StreamFolder(store, { ...counter, eventOf }, { cache }));
  });

  /** An append by another process, which this runner's cache does not see. */
  const addedElsewhere = (amount: number) =>
    appendLinked(store, STREAM, [{ id: crypto.randomUUID(), type: 'Added', data: { amount }, metadata: {} }]);

  it('decides on the stream as it stands and appends with the expected revision', async () => {
    expect(await runner.run(add(5))).toMatchObject({ state: 5, revision: 0, appended: [{ data: { amount: 5 } }] });
    expect(await runner.run(add(2))).toMatchObject({ state: 7, revision: 1 });
    expect((await store.readStream(STREAM)).map((event) => event.data)).toEqual([{ amount: 5 }, { amount: 2 }]);
  });

  it("links each event it appends to the one before, onto other writers' links", async () => {
    await runner.run(add(5));
    await addedElsewhere(10);
    await runner.run(add(1));
    const history = await store.readStream(STREAM);

    expect(history[0].metadata.previousHash).toBe(GENESIS_HASH);
    expect(history.map((event) => event.metadata.previousHash).slice(1)).toEqual(
      history.map((event) => event.metadata.hash).slice(0, -1),
    );
    expect(verifyChain(history)).toEqual({ ok: true, events: 3 });
  });

  it('reads only the events appended since the fold it remembers', async () => {
    await runner.run(add(5));
    await addedElsewhere(10);
    const read = jest.spyOn(store, 'readStream');

    expect(await runner.run(add(1))).toMatchObject({ state: 16, revision: 2 });
    expect(read).toHaveBeenCalledWith(STREAM, { fromRevision: 1 });
  });

  it('appends nothing for a command that changes nothing, and answers the stream as it stands', async () => {
    const { chainHead } = await runner.run(add(5));
    expect(await runner.run(add(0))).toEqual({ state: 5, revision: 0, chainHead, appended: [] });
    expect(await store.readStream(STREAM)).toHaveLength(1);
  });

  it("stores the request's metadata with each event's own, and the ids it is given", async () => {
    const noted: Decider<number, Add, Added & { metadata: { note: string } }> = {
      ...counter,
      decide: (command, total) =>
        counter.decide(command, total).map((event) => ({ ...event, metadata: { note: 'x' } })),
    };
    const eventOf = ({ type, data }: RecordedEvent) => ({ type, data, metadata: { note: 'x' } }) as never;
    const withMetadata = new CommandRunner(store, noted, new StreamFolder(store, { ...noted, eventOf }));
    await withMetadata.run({ ...add(3), metadata: { actor: 'ada' }, eventIdOf: (after, index) => `${after}:${index}` });

    const [stored] = await store.readStream(STREAM);
    expect({ id: stored.id, metadata: stored.metadata }).toEqual({
      id: 'no_stream:0',
      metadata: { actor: 'ada', note: 'x', previousHash: GENESIS_HASH, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('uses a stream a step has already loaded instead of reading it', async () => {
    const read = jest.spyOn(store, 'readStream');
    expect(
      await runner.run({ ...add(1), loaded: { state: 0, revision: 'no_stream', chainHead: GENESIS_HASH } }),
    ).toMatchObject({ state: 1 });
    expect(read).not.toHaveBeenCalled();
  });

  it('passes a refusal of the decider on, appending nothing', async () => {
    await expect(runner.run(add(101))).rejects.toThrow('over the limit');
    expect(await store.readStream(STREAM)).toEqual([]);
  });

  describe('precondition', () => {
    it('refuses with PreconditionFailed when the revision is not one it accepts', async () => {
      await runner.run(add(1));
      const refusal = runner.run({ ...add(1), precondition: (revision) => revision === 5 });
      await expect(refusal).rejects.toEqual(new PreconditionFailed(STREAM, 0));
    });

    it('lets the decider refuse first, whatever the precondition says', async () => {
      await expect(runner.run({ ...add(101), precondition: () => false })).rejects.toThrow(RangeError);
    });

    it('refuses a lost race with PreconditionFailed when the new revision is not one it accepts', async () => {
      await runner.run(add(1));
      await addedElsewhere(1);
      const [first] = await store.readStream(STREAM);
      const stale = { state: 1, revision: 0, chainHead: first.metadata.hash as string };
      const refusal = runner.run({ ...add(1), loaded: stale, precondition: (revision) => revision === 0 });
      await expect(refusal).rejects.toEqual(new PreconditionFailed(STREAM, 1));
    });
  });

  describe('a concurrent append', () => {
    const stale = { state: 0, revision: 'no_stream' as const, chainHead: GENESIS_HASH };

    it('surfaces as ConcurrencyError', async () => {
      await addedElsewhere(1);
      await expect(runner.run({ ...add(1), loaded: stale })).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('surfaces as ConcurrencyError when the ids of the events are already stored', async () => {
      const sameIds = { ...add(1), eventIdOf: () => 'same-request' };
      await runner.run(sameIds);
      await expect(runner.run({ ...sameIds, loaded: stale })).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('is run again by retryOnConcurrency, on the stream as it now stands', async () => {
      await addedElsewhere(4);
      let attempts = 0;
      const staleOnce: RunStep<number, Add, Added> = (next) => (request) =>
        next(++attempts === 1 ? { ...request, loaded: stale } : request);
      const run = runner.with(retryOnConcurrency({ maxAttempts: 3, jitterMs: 1 }), staleOnce);

      expect(await run(add(1))).toMatchObject({ state: 5, revision: 1 });
      expect(attempts).toBe(2);
    });

    it('reaches the caller once retryOnConcurrency has made its attempts', async () => {
      await addedElsewhere(4);
      let attempts = 0;
      const alwaysStale: RunStep<number, Add, Added> = (next) => (request) => {
        attempts++;
        return next({ ...request, loaded: stale });
      };
      const run = runner.with(retryOnConcurrency({ maxAttempts: 3, jitterMs: 1 }), alwaysStale);

      await expect(run(add(1))).rejects.toBeInstanceOf(ConcurrencyError);
      expect(attempts).toBe(3);
    });
  });

  it('runs the commands of one stream one at a time under oneAtATimePerStream', async () => {
    const run = runner.with(oneAtATimePerStream(new PerKeyQueue()));
    const results = await Promise.all([1, 2, 3, 4].map((amount) => run(add(amount))));
    expect(results.map((result) => result.revision)).toEqual([0, 1, 2, 3]);
    expect(results.at(-1)?.state).toBe(10);
  });
});
