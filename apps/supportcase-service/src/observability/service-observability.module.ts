import { Global, Module } from '@nestjs/common';
import { ObservabilityModule } from '@lib/observability';
import { Metrics } from './metrics';
import { ServiceReadiness } from './service-readiness';

/** Health, readiness and metrics, served by every process whatever its roles, with the service's own. */
@Global()
@Module({
  imports: [ObservabilityModule],
  providers: [Metrics, ServiceReadiness],
  exports: [Metrics],
})
export class ServiceObservabilityModule {}
