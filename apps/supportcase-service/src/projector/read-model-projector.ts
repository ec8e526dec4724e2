import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { CatchUpSubscription, EventStore } from '@lib/event-store';
import { ReadModelStore } from '@lib/read-model';

/**
 * The projector role: a checkpointed catch-up over the global log into the read model. It
 * wakes on each append in this process and polls for appends made by other processes.
 */
@Injectable()
export class ReadModelProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly subscription: CatchUpSubscription;

  constructor(eventStore: EventStore, readModel: ReadModelStore) {
    this.subscription = new CatchUpSubscription(eventStore, readModel, {
      streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
      logger: new Logger(ReadModelProjector.name),
    });
  }

  onApplicationBootstrap(): void {
    this.subscription.start();
  }

  /** Before the stores close, so the batch in flight is written with its checkpoint. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription.stop();
  }

  /** Resolves once every event appended before the call is visible in the read model. */
  waitUntilCaughtUp(): Promise<void> {
    return this.subscription.waitUntilCaughtUp();
  }
}
