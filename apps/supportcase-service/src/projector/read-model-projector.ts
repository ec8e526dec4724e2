import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { EventStore, measureLag } from '@lib/event-store';
import { ReadModelStore } from '@lib/read-model';
import type { Metrics } from '../observability/metrics';

export const PROJECTOR_ROLE = 'projector';

/**
 * The projector role: a checkpointed catch-up over the global log into the read model, in this
 * thread (`InProcessProjector`) or in a worker thread of its own (`ProjectorThread`).
 */
export abstract class ReadModelProjector {
  /** Resolves once every event appended before the call is visible in the read model. */
  abstract waitUntilCaughtUp(): Promise<void>;
}

/** The projector's lag, reported on each scrape of this process's metrics. */
export function watchProjectionLag(metrics: Metrics, eventStore: EventStore, readModel: ReadModelStore): void {
  metrics.watchConsumer(PROJECTOR_ROLE, async () =>
    measureLag(eventStore, await readModel.loadCheckpoint(), { streamPrefix: SUPPORT_CASE_STREAM_PREFIX }),
  );
}
