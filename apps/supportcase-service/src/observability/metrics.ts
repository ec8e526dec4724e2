import { Injectable } from '@nestjs/common';
import type { ConsumerLag } from '@lib/event-store';
import { MetricsRegistry } from '@lib/observability';
import { Counter, Gauge } from 'prom-client';

export type CommandOutcome = 'appended' | 'unchanged' | 'refused' | 'precondition_failed' | 'failed';

/** The service's own Prometheus metrics, beside the HTTP and process metrics of the registry. */
@Injectable()
export class Metrics {
  readonly commands: Counter<'command' | 'outcome'>;
  readonly eventsAppended: Counter<'type'>;
  private readonly lagSources = new Map<string, () => Promise<ConsumerLag>>();

  /** Constructed alone, as in a unit test, it keeps a registry of its own. */
  constructor(private readonly metrics: MetricsRegistry = new MetricsRegistry()) {
    this.commands = new Counter({
      name: 'supportcase_commands_total',
      help: 'Commands handled, by command and outcome',
      labelNames: ['command', 'outcome'] as const,
      registers: [metrics.registry],
    });
    this.eventsAppended = new Counter({
      name: 'supportcase_events_appended_total',
      help: 'Events appended to the event store, by type',
      labelNames: ['type'] as const,
      registers: [metrics.registry],
    });
    this.consumerGauge(
      'supportcase_consumer_position',
      'Commit position of the consumer checkpoint',
      (lag) => lag.position.commit,
    );
    this.consumerGauge(
      'supportcase_consumer_lag_events',
      'Events stored but not yet handled by the consumer',
      (lag) => lag.events,
    );
    this.consumerGauge(
      'supportcase_consumer_lag_seconds',
      'Age of the oldest event the consumer has not handled',
      (lag) => lag.seconds,
    );
  }

  /** A checkpointed consumer (projector, relay) whose position and lag are reported on each scrape. */
  watchConsumer(consumer: string, measure: () => Promise<ConsumerLag>): void {
    this.lagSources.set(consumer, onePerScrape(measure));
  }

  /** The lag of every watched consumer, by name. */
  async consumerLags(): Promise<Record<string, ConsumerLag>> {
    const lags: Record<string, ConsumerLag> = {};
    for (const [consumer, measure] of this.lagSources) lags[consumer] = await measure();
    return lags;
  }

  private consumerGauge(name: string, help: string, value: (lag: ConsumerLag) => number): void {
    const sources = this.lagSources;
    new Gauge({
      name,
      help,
      labelNames: ['consumer'] as const,
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        for (const [consumer, measure] of sources) this.set({ consumer }, value(await measure()));
      },
    });
  }
}

/** The three consumer gauges of one scrape share one measurement. */
function onePerScrape(measure: () => Promise<ConsumerLag>): () => Promise<ConsumerLag> {
  let last: { at: number; lag: Promise<ConsumerLag> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > 1_000) last = { at: now, lag: measure() };
    return last.lag;
  };
}
