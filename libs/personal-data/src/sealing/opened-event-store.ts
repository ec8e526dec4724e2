import {
  EventStore,
  type AppendResult,
  type LogSubscription,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToLogOptions,
} from '@lib/event-store';
import type { EventSealing, OpenedValues } from './event-sealing';

/**
 * The event store as readers of personal data see it: events come back with their personal
 * values opened, all or only those `values` names. It takes no appends: events are sealed
 * before they are hashed, which is the command runner's to do. The store it reads is closed by
 * its owner.
 */
export class OpenedEventStore extends EventStore {
  constructor(
    private readonly stored: EventStore,
    private readonly sealing: EventSealing,
    private readonly values: OpenedValues = 'all',
  ) {
    super();
  }

  override async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.sealing.open(await this.stored.readStream(streamId, options), this.values);
  }

  override async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.sealing.open(await this.stored.readAll(options), this.values);
  }

  /** The stored store's pushed log, each event opened as it arrives. */
  override subscribeToLog(options: SubscribeToLogOptions): LogSubscription | undefined {
    const pushed = this.stored.subscribeToLog(options);
    if (!pushed) return undefined;
    const open = (event: RecordedEvent) => this.sealing.open([event], this.values);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const event of pushed) yield (await open(event))[0];
      },
      close: () => pushed.close(),
    };
  }

  override appendToStream(streamId: string): Promise<AppendResult> {
    return Promise.reject(new Error(`${streamId}: append to the stored events, sealed, not to their opened view`));
  }

  override onAppended(listener: () => void): () => void {
    return this.stored.onAppended(listener);
  }

  override async close(): Promise<void> {}
}
