import type { LogSubscription, RecordedEvent, SubscribeToLogOptions } from '../event-store.port';
import { InMemoryEventStore } from '../in-memory/in-memory.event-store';

/**
 * Stands in for a store that pushes its log, as EventStoreDB does and no store that runs here
 * can: the in-memory store, whose subscriptions send what is stored after their position, then
 * each append as it is made. It records where each subscription started, and can end the open
 * ones with a failure, as a dropped connection does.
 */
export class PushingEventStoreDouble extends InMemoryEventStore {
  readonly subscribedAfter: SubscribeToLogOptions[] = [];
  /** Events sent by every subscription so far. */
  sent = 0;
  private readonly open = new Set<PushedLog>();
  private readonly waiters: { done(): boolean; resolve(): void }[] = [];

  override subscribeToLog(options: SubscribeToLogOptions): LogSubscription {
    this.subscribedAfter.push(options);
    const log = new PushedLog(this, options, () => this.open.delete(log));
    this.open.add(log);
    this.settleWaiters();
    return log;
  }

  /** Resolves once `count` subscriptions were made. */
  whenSubscribed(count: number): Promise<void> {
    return this.when(() => this.subscribedAfter.length >= count);
  }

  /** Resolves once `count` events were sent, counting every subscription. */
  whenSent(count: number): Promise<void> {
    return this.when(() => this.sent >= count);
  }

  countSent(): void {
    this.sent++;
    this.settleWaiters();
  }

  /** Fails every open subscription, after the events it already sent. */
  failSubscriptions(error: Error): void {
    for (const log of this.open) log.fail(error);
  }

  get openSubscriptions(): number {
    return this.open.size;
  }

  private when(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ done, resolve });
      this.settleWaiters();
    });
  }

  private settleWaiters(): void {
    for (const waiter of this.waiters.filter(({ done }) => done())) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** The store's own read, which the subscriptions use: a spy on `readAll` sees only its callers' reads. */
  readStored(options: SubscribeToLogOptions, maxCount: number): Promise<RecordedEvent[]> {
    return super.readAll({ ...options, maxCount });
  }
}

class PushedLog implements LogSubscription {
  private closed = false;
  private failure?: Error;
  private wake = () => {};
  private readonly stopListening: () => void;

  constructor(
    private readonly store: PushingEventStoreDouble,
    private readonly options: SubscribeToLogOptions,
    private readonly forget: () => void,
  ) {
    this.stopListening = store.onAppended(() => this.wake());
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let after = this.options.after;
    try {
      while (!this.closed) {
        const appended = new Promise<void>((resolve) => (this.wake = resolve));
        const events = await this.store.readStored({ ...this.options, after }, 100);
        for (const event of events) {
          this.store.countSent();
          yield event;
          after = event.position;
        }
        if (this.failure) throw this.failure;
        if (events.length === 0) await appended;
      }
    } finally {
      this.end();
    }
  }

  fail(error: Error): void {
    this.failure = error;
    this.wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
  }

  private end(): void {
    this.closed = true;
    this.stopListening();
    this.forget();
  }
}
