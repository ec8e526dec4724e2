import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { EventStore, LogPosition, RecordedEvent } from '../event-store.port';

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

interface Pause {
  readonly endsOnPassRequest: boolean;
  end(): void;
}

/**
 * Feeds a consumer the global log after its checkpoint, batch by batch, until stopped.
 * One pass runs at a time; appends during a pass only ask for one more.
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
  private waiters: Waiter[] = [];
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
    await this.running;
    this.running = undefined;
    const waiters = this.waiters.splice(0);
    waiters.forEach((waiter) => waiter.reject(new Error('the catch-up subscription was stopped')));
  }

  /**
   * Resolves once every event appended before the call has been handled: a pass that started
   * after the call has reached the end of the log.
   */
  waitUntilCaughtUp(): Promise<void> {
    if (!this.running || this.stopping) {
      return Promise.reject(new Error('the catch-up subscription is not running'));
    }
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
    let failures = 0;
    while (!this.stopping) {
      try {
        const pass = ++this.passesStarted;
        if (await this.pass()) this.resolveWaitersServedBy(pass);
        if (failures > 0) this.logger.log(`catch-up resumed after ${failures} failed pass(es)`);
        failures = 0;
        if (!this.passRequested) await this.sleep(this.pollIntervalMs, true);
      } catch (error) {
        this.logger.error('catch-up pass failed; retrying from the checkpoint', error);
        await this.sleep(this.retryDelay(failures++), false);
      }
    }
  }

  /** Reads and handles batches until a short read; false when stopped before reaching it. */
  private async pass(): Promise<boolean> {
    this.passRequested = false;
    let after = await this.consumer.loadCheckpoint();
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
