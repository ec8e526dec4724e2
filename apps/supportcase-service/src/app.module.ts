import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule, resolveAuthSecret } from '@lib/auth';
import { hasRole, SERVICE_CONFIG, type ServiceConfig } from './config/service-config';
import { ServiceObservabilityModule } from './observability/service-observability.module';
import { InProcessProjector } from './projector/in-process-projector';
import { ProjectorThread } from './projector/projector-thread';
import { ReadModelProjector } from './projector/read-model-projector';
import { KafkaRelayRole } from './relay/kafka-relay.role';
import { RetentionModule } from './retention/retention.module';
import { SealerRole } from './sealer/sealer.role';
import { TreeHeadRelay } from './sealer/tree-head-relay';
import { StoresModule } from './stores/stores.module';
import { SupportCaseApiModule } from './support-case-api.module';

/** One process, the roles its configuration names: api, projector, sealer, relay, retention. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        AuthModule.forRoot({ secret: resolveAuthSecret({ authSecret: config.authSecret, dataDir: config.dataDir }) }),
        StoresModule.forRoot(config),
        ServiceObservabilityModule,
        ...(hasRole(config, 'api') ? [SupportCaseApiModule] : []),
        ...(hasRole(config, 'retention') ? [RetentionModule.forRoot(config)] : []),
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        ...(hasRole(config, 'projector') ? projectorProviders(config) : []),
        ...(hasRole(config, 'sealer') ? [SealerRole, TreeHeadRelay] : []),
        ...(hasRole(config, 'relay') ? [KafkaRelayRole] : []),
      ],
    };
  }
}

/** In a worker thread of its own unless told otherwise; `ReadModelProjector` either way. */
function projectorProviders(config: ServiceConfig): Provider[] {
  if (config.projectorThread) return [{ provide: ReadModelProjector, useClass: ProjectorThread }];
  return [InProcessProjector, { provide: ReadModelProjector, useExisting: InProcessProjector }];
}
