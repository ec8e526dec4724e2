import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EventStore, START_OF_LOG } from '@lib/event-store';
import { ReadModelStore } from '@lib/read-model';
import { Metrics } from './metrics';
import { ReadinessProbes } from './readiness-probes';

/** A consumer this far behind is not ready: its readers would see stale data. */
const MAX_READY_LAG_SECONDS = 30;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly eventStore: EventStore,
    private readonly readModel: ReadModelStore,
    private readonly metrics: Metrics,
    private readonly probes: ReadinessProbes,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Stores reachable, Kafka reachable when relayed to, consumers not far behind' })
  ready() {
    return this.health.check([
      () => this.probe('eventStore', () => this.eventStore.readAll({ after: START_OF_LOG, maxCount: 1 })),
      () => this.probe('readModel', () => this.readModel.loadCheckpoint()),
      ...this.probes.all().map(
        ([name, check]) =>
          () =>
            this.probe(name, check),
      ),
      () => this.consumersKeepingUp(),
    ]);
  }

  private async probe(name: string, check: () => Promise<unknown>) {
    const indicator = this.indicators.check(name);
    try {
      await check();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async consumersKeepingUp() {
    const indicator = this.indicators.check('consumers');
    const lags = await this.metrics.consumerLags();
    const behind = Object.entries(lags).filter(([, lag]) => lag.seconds > MAX_READY_LAG_SECONDS);
    const summary = Object.fromEntries(
      Object.entries(lags).map(([name, lag]) => [name, { events: lag.events, seconds: lag.seconds }]),
    );
    return behind.length === 0 ? indicator.up(summary) : indicator.down(summary);
  }
}
