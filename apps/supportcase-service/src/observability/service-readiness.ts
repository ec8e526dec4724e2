import { Injectable } from '@nestjs/common';
import { EventStore, START_OF_LOG } from '@lib/event-store';
import { ReadinessProbes, type ProbeReport } from '@lib/observability';
import { ReadModelStore } from '@lib/read-model';
import { Metrics } from './metrics';

/** A consumer this far behind is not ready: its readers would see stale data. */
const MAX_READY_LAG_SECONDS = 30;

/** What every service process needs to be ready, whatever its roles: both stores, consumers keeping up. */
@Injectable()
export class ServiceReadiness {
  constructor(probes: ReadinessProbes, eventStore: EventStore, readModel: ReadModelStore, metrics: Metrics) {
    probes.add('eventStore', () => eventStore.readAll({ after: START_OF_LOG, maxCount: 1 }));
    probes.add('readModel', () => readModel.loadCheckpoint());
    probes.addReporting('consumers', () => consumersKeepingUp(metrics));
  }
}

async function consumersKeepingUp(metrics: Metrics): Promise<ProbeReport> {
  const lags = await metrics.consumerLags();
  const behind = Object.values(lags).filter((lag) => lag.seconds > MAX_READY_LAG_SECONDS);
  const details = Object.fromEntries(
    Object.entries(lags).map(([name, lag]) => [name, { events: lag.events, seconds: lag.seconds }]),
  );
  return { up: behind.length === 0, details };
}
