import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { CatchUpSubscription, EventStore, measureLag } from '@lib/event-store';
import { OpenedEventStore } from '@lib/personal-data';
import { ReadModelStore } from '@lib/read-model';
import { Metrics } from '../observability/metrics';
import { LeaderLock } from '../stores/leader-lock';

const ROLE = 'projector';

/**
 * The projector role: a checkpointed catch-up over the global log into the read model. It
 * wakes on each append in this process and polls for appends made by other processes. Where
 * several processes share a read model, one projects and the others wait on the lock.
 */
@Injectable()
export class ReadModelProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReadModelProjector.name);
  private readonly subscription: CatchUpSubscription;
  private leading?: Promise<void>;
  private stopping = false;

  constructor(
    eventStore: EventStore,
    openedEvents: OpenedEventStore,
    readModel: ReadModelStore,
    private readonly lock: LeaderLock,
    metrics: Metrics,
  ) {
    this.subscription = new CatchUpSubscription(openedEvents, readModel, {
      streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
      logger: this.logger,
    });
    metrics.watchConsumer(ROLE, async () =>
      measureLag(eventStore, await readModel.loadCheckpoint(), { streamPrefix: SUPPORT_CASE_STREAM_PREFIX }),
    );
  }

  onApplicationBootstrap(): void {
    this.leading = this.projectOnceLeading();
  }

  /** Before the stores close, so the batch in flight is written with its checkpoint. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.subscription.stop();
    await this.lock.release(ROLE);
  }

  /** Resolves once every event appended before the call is visible in the read model. */
  async waitUntilCaughtUp(): Promise<void> {
    await this.leading;
    await this.subscription.waitUntilCaughtUp();
  }

  private async projectOnceLeading(): Promise<void> {
    const leading = await this.lock.acquire(ROLE);
    // Shutdown may have come while waiting for the lock: a subscription started now would outlive its stores.
    if (!leading || this.stopping) return;
    this.logger.log('projecting into the read model');
    this.subscription.start();
  }
}
