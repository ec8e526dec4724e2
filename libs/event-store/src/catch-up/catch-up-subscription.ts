import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { isLaterPosition, type EventStore, type LogPosition, type RecordedEvent } from '../event-store.port';
import { Arrivals } from './arrivals';
import { readLog } from './read-log';

export interface CheckpointedConsumer {
  /**
   * Position to resume after (read on every pass so an external change, e.g. a read-model
   * rebuild swap, is honoured).
   */
  loadCheckpoint(): Promise<LogPosition>;
  /**
   * Handles a batch in log order and durably stores the checkpoint of its last event (same
   * transaction when the consumer can).
   */
  handle(events: readonly RecordedEvent[]): Promise<void>;
}

export interface CatchUpLogger {
  log(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface CatchUpOptions {
  /** Events per read and per `handle` call (default 500). */
  batchSize?: number;
  /**
   * How long to wait for new events when no append wakes the subscription (default 100): appends
   * through another process wake nothing here, so this bounds how far behind them it falls.
   */
  pollIntervalMs?: number;
  /**
   * Whether an append through the store starts a pass at once (default true). A consumer with
   * no one waiting on it turns this off to read at its poll interval, in fewer, larger batches.
   */
  wakeOnAppend?: boolean;
  /** Only streams whose id starts with this prefix. */
  streamPrefix?: string;
  /** Backoff after a failed pass, doubling from `initial` up to `max` (default 100 ms to 5 s). */
  retryDelayMs?: { initial: number; max: number };
  logger?: CatchUpLogger;
}

interface Waiter {
  /** Passes started when the wait began; only a later pass has read everything appended before it. */
  readonly passesStartedBefore: number;
  resolve(): void;
  reject(error: Error): void;
}

/** A wait on a pushed log: served once the event at `position` is handled. */
interface PositionWaiter {
  readonly position: LogPosition;
  resolve(): void;
  reject(error: Error): void;
}

interface Pause {
  readonly endsOnPassRequest: boolean;
  end(): void;
}

/**
 * Feeds a consumer the global log after its checkpoint, batch by batch, until stopped.
 *
 * A store that pushes its log (`subscribeToLog`: EventStoreDB) is followed: subscribed from the
 * checkpoint, filtered by the store, each batch what arrived while the last was handled, and
 * subscribed again from the checkpoint after a failure. Any other store is read in passes: one
 * runs at a time, an append through the store starts the next, and otherwise it polls.
 */
export class CatchUpSubscription {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retryDelayMs: { initial: number; max: number };
  private readonly logger: CatchUpLogger;
  private running?: Promise<void>;
  private stopping = false;
  private passRequested = false;
  private passesStarted = 0;
  private failures = 0;
  private waiters: Waiter[] = [];
  private positionWaiters: PositionWaiter[] = [];
  /** While following a pushed log: the position of the last event handled, or the checkpoint. */
  private followedTo?: LogPosition;
  private arrivals?: Arrivals;
  private pause?: Pause;
  private unsubscribe = () => {};

  constructor(
    private readonly store: EventStore,
    private readonly consumer: CheckpointedConsumer,
    private readonly options: CatchUpOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.retryDelayMs = options.retryDelayMs ?? { initial: 100, max: 5000 };
    this.logger = options.logger ?? console;
    // A batch size below 1 would never see a short read and so never finish a pass.
    if (!(this.batchSize >= 1)) throw new RangeError(`batchSize must be at least 1, got ${this.batchSize}`);
  }

  /** Runs passes until stopped; wakes immediately on `store.onAppended` (unless told not to), else polls. */
  start(): void {
    if (this.running) throw new Error('the catch-up subscription is already running');
    this.stopping = false;
    if (this.options.wakeOnAppend ?? true) this.unsubscribe = this.store.onAppended(() => this.requestPass());
    this.running = this.run();
  }

  /** Finishes the batch in flight, then resolves; pending `waitUntilCaughtUp` calls reject. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.unsubscribe();
    this.pause?.end();
    await this.arrivals?.close();
    await this.running;
    this.running = undefined;
    const stopped = () => new Error('the catch-up subscription was stopped');
    this.waiters.splice(0).forEach((waiter) => waiter.reject(stopped()));
    this.positionWaiters.splice(0).forEach((waiter) => waiter.reject(stopped()));
  }

  /**
   * Resolves once every event appended before the call has been handled: a pass that started
   * after the call has reached the end of the log.
   */
  waitUntilCaughtUp(): Promise<void> {
    if (!this.running || this.stopping) {
      return Promise.reject(new Error('the catch-up subscription is not running'));
    }
    if (this.followedTo) return this.waitUntilFollowedPastEnd(this.followedTo);
    return new Promise((resolve, reject) => {
      this.waiters.push({ passesStartedBefore: this.passesStarted, resolve, reject });
      this.requestPass();
    });
  }

  /** Starts a pass now, for an append made where this store's `onAppended` cannot see it. */
  wake(): void {
    this.requestPass();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const checkpoint = await this.consumer.loadCheckpoint();
        const pushed = this.store.subscribeToLog({ after: checkpoint, streamPrefix: this.options.streamPrefix });
        if (pushed) await this.follow(new Arrivals(pushed, this.batchSize), checkpoint);
        else await this.passThenPause(checkpoint);
      } catch (error) {
        this.logger.error('catch-up pass failed; retrying from the checkpoint', error);
        await this.sleep(this.retryDelay(this.failures++), false);
      }
    }
  }

  /** After a pass or a batch handled: the failures before it are over. */
  private recovered(): void {
    if (this.failures > 0) this.logger.log(`catch-up resumed after ${this.failures} failed pass(es)`);
    this.failures = 0;
  }

  /** Handles what the store pushes until stopped; a subscription the store ends is a failure, subscribed again. */
  private async follow(arrivals: Arrivals, checkpoint: LogPosition): Promise<void> {
    this.arrivals = arrivals;
    this.followedTo = checkpoint;
    // Waits begun before the store was known to push are waits for the end of the log too.
    for (const waiter of this.waiters.splice(0)) {
      this.waitUntilFollowedPastEnd(checkpoint).then(waiter.resolve, waiter.reject);
    }
    try {
      for (
        let events = await arrivals.take(this.batchSize);
        events.length > 0;
        events = await arrivals.take(this.batchSize)
      ) {
        await this.consumer.handle(events);
        this.recovered();
        this.followedTo = events[events.length - 1].position;
        this.resolvePositionWaitersReached(this.followedTo);
      }
    } finally {
      await arrivals.close();
      this.arrivals = undefined;
    }
    if (!this.stopping) throw new Error('the event store ended the subscription');
  }

  private async passThenPause(checkpoint: LogPosition): Promise<void> {
    const pass = ++this.passesStarted;
    if (await this.pass(checkpoint)) this.resolveWaitersServedBy(pass);
    this.recovered();
    if (!this.passRequested) await this.sleep(this.pollIntervalMs, true);
  }

  /**
   * Waiting on a pushed log: the last event of the consumer's streams appended before the call is
   * found by reading the log after what was handled, and the wait ends once that event is handled.
   */
  private async waitUntilFollowedPastEnd(followedTo: LogPosition): Promise<void> {
    let last: LogPosition | undefined;
    for await (const event of readLog(this.store, { after: followedTo, streamPrefix: this.options.streamPrefix })) {
      last = event.position;
    }
    if (last === undefined || !isLaterPosition(last, this.followedTo ?? followedTo)) return;
    if (this.stopping) throw new Error('the catch-up subscription was stopped');
    const position = last;
    return new Promise((resolve, reject) => this.positionWaiters.push({ position, resolve, reject }));
  }

  private resolvePositionWaitersReached(followedTo: LogPosition): void {
    const served = this.positionWaiters.filter((waiter) => !isLaterPosition(waiter.position, followedTo));
    this.positionWaiters = this.positionWaiters.filter((waiter) => isLaterPosition(waiter.position, followedTo));
    served.forEach((waiter) => waiter.resolve());
  }

  /** Reads and handles batches until a short read; false when stopped before reaching it. */
  private async pass(checkpoint: LogPosition): Promise<boolean> {
    this.passRequested = false;
    let after = checkpoint;
    while (!this.stopping) {
      const events = await this.store.readAll({
        after,
        maxCount: this.batchSize,
        streamPrefix: this.options.streamPrefix,
      });
      if (events.length > 0) {
        await this.consumer.handle(events);
        after = events[events.length - 1].position;
      }
      if (events.length < this.batchSize) return true;
      // A store and consumer that answer synchronously would hold the event loop for the whole
      // pass: requests waiting to be answered go between batches.
      await setImmediatePromise();
    }
    return false;
  }

  private requestPass(): void {
    this.passRequested = true;
    if (this.pause?.endsOnPassRequest) this.pause.end();
  }

  private resolveWaitersServedBy(pass: number): void {
    const served = this.waiters.filter((waiter) => waiter.passesStartedBefore < pass);
    this.waiters = this.waiters.filter((waiter) => waiter.passesStartedBefore >= pass);
    served.forEach((waiter) => waiter.resolve());
  }

  private retryDelay(failures: number): number {
    return Math.min(this.retryDelayMs.initial * 2 ** failures, this.retryDelayMs.max);
  }

  /** Waits `ms`, or less when stopped or (if `endsOnPassRequest`) when a pass is requested. */
  private sleep(ms: number, endsOnPassRequest: boolean): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.pause = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.pause = { endsOnPassRequest, end };
    });
  }
}
