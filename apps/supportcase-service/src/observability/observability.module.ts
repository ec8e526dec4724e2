import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { ReadinessProbes } from './readiness-probes';

/** Health, readiness and metrics: served by every process, whatever its roles. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [Metrics, ReadinessProbes],
  exports: [Metrics, ReadinessProbes],
})
export class ObservabilityModule {}
