import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';
import { ReadinessProbes } from './readiness-probes';

/** GET /health/live, /health/ready and /metrics; the app adds its probes and metrics. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [MetricsRegistry, ReadinessProbes],
  exports: [MetricsRegistry, ReadinessProbes],
})
export class ObservabilityModule {}
