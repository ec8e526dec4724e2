import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { CatchUpSubscription, EventStore } from '@lib/event-store';
import { EventSealing, OpenedEventStore } from '@lib/personal-data';
import { PROJECTED_VALUES, ReadModelStore } from '@lib/read-model';
import { Metrics } from '../observability/metrics';
import { LeaderLock } from '../stores/leader-lock';
import { PROJECTOR_ROLE, ReadModelProjector, watchProjectionLag } from './read-model-projector';

/**
 * The projector in this thread. It wakes on each append through this store instance, when
 * woken, and otherwise polls. Where several processes share a read model, one projects and the
 * others wait on the lock.
 */
@Injectable()
export class InProcessProjector
  extends ReadModelProjector
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(ReadModelProjector.name);
  private readonly subscription: CatchUpSubscription;
  private leading?: Promise<void>;
  private stopping = false;

  constructor(
    eventStore: EventStore,
    sealing: EventSealing,
    readModel: ReadModelStore,
    private readonly lock: LeaderLock,
    metrics: Metrics,
  ) {
    super();
    const openedEvents = new OpenedEventStore(eventStore, sealing, PROJECTED_VALUES);
    this.subscription = new CatchUpSubscription(openedEvents, readModel, {
      streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
      logger: this.logger,
    });
    watchProjectionLag(metrics, eventStore, readModel);
  }

  onApplicationBootstrap(): void {
    this.leading = this.projectOnceLeading();
  }

  /** Before the stores close, so the batch in flight is written with its checkpoint. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.subscription.stop();
    await this.lock.release(PROJECTOR_ROLE);
  }

  async waitUntilCaughtUp(): Promise<void> {
    await this.leading;
    await this.subscription.waitUntilCaughtUp();
  }

  /** Catches up now with an append made through another connection, without waiting for the poll. */
  wake(): void {
    this.subscription.wake();
  }

  private async projectOnceLeading(): Promise<void> {
    const leading = await this.lock.acquire(PROJECTOR_ROLE);
    // Shutdown may have come while waiting for the lock: a subscription started now would outlive its stores.
    if (!leading || this.stopping) return;
    this.logger.log('projecting into the read model');
    this.subscription.start();
  }
}
