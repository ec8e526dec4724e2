import { randomUUID } from 'node:crypto';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { START_OF_LOG, type LogPosition, type NewEvent, type RecordedEvent } from '../event-store.port';
import { InMemoryEventStore } from '../in-memory/in-memory.event-store';
import { PushingEventStoreDouble } from '../testing/pushing-event-store.double';
import { CatchUpSubscription, type CatchUpOptions, type CheckpointedConsumer } from './catch-up-subscription';

function newEvent(): NewEvent {
  return { id: randomUUID(), type: 'Tested', data: {}, metadata: {} };
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Records what it handles and moves its checkpoint like a transactional consumer: all or nothing. */
class RecordingConsumer implements CheckpointedConsumer {
  checkpoint: LogPosition = START_OF_LOG;
  readonly handledIds: string[] = [];
  handleCalls = 0;
  maxConcurrentHandles = 0;
  private concurrentHandles = 0;
  private readonly failingEventIds = new Set<string>();
  private gate?: Promise<void>;
  private batchEntered = () => {};
  private readonly handledCountWaiters: { count: number; resolve(): void }[] = [];

  async loadCheckpoint(): Promise<LogPosition> {
    return this.checkpoint;
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    this.handleCalls++;
    this.batchEntered();
    this.concurrentHandles++;
    this.maxConcurrentHandles = Math.max(this.maxConcurrentHandles, this.concurrentHandles);
    try {
      await (this.gate ?? nextMacrotask());
      this.failIfAsked(events);
      this.handledIds.push(...events.map((event) => event.id));
      this.checkpoint = events[events.length - 1].position;
      this.notifyHandledCountWaiters();
    } finally {
      this.concurrentHandles--;
    }
  }

  failOnceOn(eventId: string): void {
    this.failingEventIds.add(eventId);
  }

  /** Holds the next batches until released; `entered` resolves when the first one arrives. */
  holdBatches(): { entered: Promise<void>; release(): void } {
    const entered = deferred();
    const released = deferred();
    this.gate = released.promise;
    this.batchEntered = entered.resolve;
    return { entered: entered.promise, release: released.resolve };
  }

  whenHandled(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.handledCountWaiters.push({ count, resolve });
      this.notifyHandledCountWaiters();
    });
  }

  private failIfAsked(events: readonly RecordedEvent[]): void {
    const failing = events.find((event) => this.failingEventIds.delete(event.id));
    if (failing) throw new Error(`handler failed on ${failing.id}`);
  }

  private notifyHandledCountWaiters(): void {
    this.handledCountWaiters
      .filter((waiter) => this.handledIds.length >= waiter.count)
      .forEach((waiter) => waiter.resolve());
  }
}

describe('CatchUpSubscription', () => {
  let store: InMemoryEventStore;
  let consumer: RecordingConsumer;
  let subscription: CatchUpSubscription | undefined;
  const logger = { log: jest.fn(), error: jest.fn() };

  beforeEach(() => {
    store = new InMemoryEventStore();
    consumer = new RecordingConsumer();
    subscription = undefined;
    jest.clearAllMocks();
  });

  afterEach(async () => {
    await subscription?.stop();
    await store.close();
  });

  /** Polls far beyond the test timeout, so only appends and waitUntilCaughtUp can wake it. */
  function subscribe(options: CatchUpOptions = {}): CatchUpSubscription {
    subscription = new CatchUpSubscription(store, consumer, {
      batchSize: 2,
      pollIntervalMs: 3_600_000,
      retryDelayMs: { initial: 1, max: 2 },
      logger,
      ...options,
    });
    return subscription;
  }

  async function appendEvents(streamId: string, count: number): Promise<string[]> {
    const events = Array.from({ length: count }, newEvent);
    await store.appendToStream(streamId, events, 'any');
    return events.map((event) => event.id);
  }

  it('handles every event once, in log order, in batches', async () => {
    const first = await appendEvents('case-a', 3);
    const second = await appendEvents('case-b', 2);
    const third = await appendEvents('case-a', 1);
    const running = subscribe();

    running.start();
    await running.waitUntilCaughtUp();

    expect(consumer.handledIds).toEqual([...first, ...second, ...third]);
    expect(consumer.handleCalls).toBe(3);
  });

  it('handles only streams with the prefix', async () => {
    const wanted = await appendEvents('supportCase-1', 2);
    await appendEvents('other-1', 3);
    const running = subscribe({ streamPrefix: 'supportCase-' });

    running.start();
    await running.waitUntilCaughtUp();

    expect(consumer.handledIds).toEqual(wanted);
  });

  it('resumes from the checkpoint after stop and start', async () => {
    const before = await appendEvents('case-a', 3);
    const running = subscribe();
    running.start();
    await running.waitUntilCaughtUp();
    await running.stop();

    const after = await appendEvents('case-a', 2);
    running.start();
    await running.waitUntilCaughtUp();

    expect(consumer.handledIds).toEqual([...before, ...after]);
  });

  it('reads the checkpoint again on every pass', async () => {
    const ids = await appendEvents('case-a', 3);
    const running = subscribe();
    running.start();
    await running.waitUntilCaughtUp();

    consumer.checkpoint = START_OF_LOG; // e.g. a read model swapped for a rebuild
    await running.waitUntilCaughtUp();

    expect(consumer.handledIds).toEqual([...ids, ...ids]);
  });

  it('wakes on an append instead of waiting for the next poll', async () => {
    const running = subscribe();
    running.start();
    await running.waitUntilCaughtUp();

    const ids = await appendEvents('case-a', 1);
    await consumer.whenHandled(1);

    expect(consumer.handledIds).toEqual(ids);
  });

  it('told not to wake on appends, does not listen for them, and still catches up when asked', async () => {
    const listening = jest.spyOn(store, 'onAppended');
    const running = subscribe({ wakeOnAppend: false });
    running.start();

    const ids = await appendEvents('case-a', 3);
    await running.waitUntilCaughtUp();

    expect(listening).not.toHaveBeenCalled();
    expect(consumer.handledIds).toEqual(ids);
  });

  it('woken, reads an append its store did not report, without waiting for the next poll', async () => {
    const running = subscribe({ wakeOnAppend: false });
    running.start();
    await running.waitUntilCaughtUp();

    const ids = await appendEvents('case-a', 1);
    running.wake();
    await consumer.whenHandled(1);

    expect(consumer.handledIds).toEqual(ids);
  });

  it('waitUntilCaughtUp resolves only after the events appended before it are handled', async () => {
    const running = subscribe();
    running.start();
    const ids = await appendEvents('case-a', 5);

    await running.waitUntilCaughtUp();

    expect(consumer.handledIds).toEqual(ids);
  });

  it('runs one pass at a time however many appends arrive', async () => {
    const running = subscribe();
    running.start();
    for (let burst = 0; burst < 5; burst++) {
      await appendEvents(`case-${burst}`, 3);
    }

    await running.waitUntilCaughtUp();

    expect(consumer.handledIds).toHaveLength(15);
    expect(consumer.maxConcurrentHandles).toBe(1);
  });

  it('retries a failed batch from the checkpoint without skipping or reordering', async () => {
    const ids = await appendEvents('case-a', 5);
    consumer.failOnceOn(ids[2]);
    const running = subscribe();

    running.start();
    await running.waitUntilCaughtUp();

    expect(consumer.handledIds).toEqual(ids);
    expect(consumer.handleCalls).toBe(4);
    expect(logger.error).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ message: `handler failed on ${ids[2]}` }),
    );
  });

  it('retries after the store fails to read', async () => {
    const ids = await appendEvents('case-a', 3);
    const readFailure = new Error('disk unavailable');
    jest.spyOn(store, 'readAll').mockRejectedValueOnce(readFailure);
    const running = subscribe();

    running.start();
    await running.waitUntilCaughtUp();

    expect(consumer.handledIds).toEqual(ids);
    expect(logger.error).toHaveBeenCalledWith(expect.any(String), readFailure);
  });

  it('stop() waits for the batch in flight and handles nothing after it', async () => {
    const ids = await appendEvents('case-a', 4);
    const batches = consumer.holdBatches();
    const running = subscribe();
    running.start();
    await batches.entered;

    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await nextMacrotask();
    expect(stopped).toBe(false);

    batches.release();
    await stopping;
    await nextMacrotask();

    expect(consumer.handledIds).toEqual(ids.slice(0, 2));
    expect(consumer.checkpoint).toEqual((await store.readStream('case-a'))[1].position);
    expect(consumer.handleCalls).toBe(1);
  });

  it('rejects waitUntilCaughtUp when stopped first or not running', async () => {
    await appendEvents('case-a', 4);
    const batches = consumer.holdBatches();
    const running = subscribe();
    await expect(running.waitUntilCaughtUp()).rejects.toThrow('not running');
    running.start();
    await batches.entered;

    const waiting = running.waitUntilCaughtUp();
    const stopping = running.stop();
    batches.release();

    await expect(waiting).rejects.toThrow('stopped');
    await stopping;
  });

  describe('following a store that pushes its log', () => {
    let pushing: PushingEventStoreDouble;

    beforeEach(() => {
      pushing = new PushingEventStoreDouble();
      store = pushing;
    });

    it('subscribes from the checkpoint with the prefix, and hands every event once, in order, without reading the log', async () => {
      const before = await appendEvents('supportCase-1', 3);
      await appendEvents('other-1', 2);
      consumer.checkpoint = (await store.readStream('supportCase-1'))[0].position;
      const reads = jest.spyOn(store, 'readAll');
      const running = subscribe({ streamPrefix: 'supportCase-' });

      running.start();
      const after = await appendEvents('supportCase-2', 2);
      await consumer.whenHandled(4);

      expect(consumer.handledIds).toEqual([...before.slice(1), ...after]);
      expect(pushing.subscribedAfter).toEqual([
        { after: (await store.readStream('supportCase-1'))[0].position, streamPrefix: 'supportCase-' },
      ]);
      expect(reads).not.toHaveBeenCalled();
    });

    it('hands what arrived while a batch was handled as the next batch, at most batchSize', async () => {
      await appendEvents('case-a', 1);
      const batches = consumer.holdBatches();
      const running = subscribe({ batchSize: 3 });
      running.start();
      await batches.entered;

      await appendEvents('case-b', 4);
      await pushing.whenSent(4); // the first, then three waiting: as many as a batch takes
      batches.release();
      await consumer.whenHandled(5);

      expect(consumer.handleCalls).toBe(3);
    });

    it('subscribes again from the checkpoint after the subscription fails, missing and repeating nothing', async () => {
      const first = await appendEvents('case-a', 2);
      const running = subscribe();
      running.start();
      await consumer.whenHandled(2);

      pushing.failSubscriptions(new Error('connection reset'));
      await pushing.whenSubscribed(2);
      const second = await appendEvents('case-a', 2);
      await consumer.whenHandled(4);

      expect(consumer.handledIds).toEqual([...first, ...second]);
      expect(pushing.subscribedAfter.map(({ after }) => after)).toEqual([
        START_OF_LOG,
        (await store.readStream('case-a'))[1].position,
      ]);
      expect(logger.error).toHaveBeenCalledWith(
        expect.any(String),
        expect.objectContaining({ message: 'connection reset' }),
      );
    });

    it('waitUntilCaughtUp resolves only after the events appended before it are handled', async () => {
      const batches = consumer.holdBatches();
      const running = subscribe();
      running.start();
      const ids = await appendEvents('case-a', 5);
      await batches.entered;

      const caughtUp = running.waitUntilCaughtUp().then(() => [...consumer.handledIds]);
      batches.release();

      expect(await caughtUp).toEqual(ids);
    });

    it('waitUntilCaughtUp called before the first subscription is served once it follows the log', async () => {
      const ids = await appendEvents('case-a', 3);
      const running = subscribe();

      running.start();
      await running.waitUntilCaughtUp();

      expect(consumer.handledIds).toEqual(ids);
    });

    it('waitUntilCaughtUp resolves at once when nothing is left to handle', async () => {
      const ids = await appendEvents('case-a', 2);
      const running = subscribe();
      running.start();
      await consumer.whenHandled(2);

      await running.waitUntilCaughtUp();

      expect(consumer.handledIds).toEqual(ids);
    });

    it('stop() ends the subscription and rejects a wait it did not serve', async () => {
      await appendEvents('case-a', 4);
      const batches = consumer.holdBatches();
      const running = subscribe();
      running.start();
      await batches.entered;

      const waiting = running.waitUntilCaughtUp();
      const stopping = running.stop();
      batches.release();
      await stopping;

      await expect(waiting).rejects.toThrow('stopped');
      expect(pushing.openSubscriptions).toBe(0);
      expect(consumer.handleCalls).toBe(1);
    });
  });
});
