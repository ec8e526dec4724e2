import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, resolveAuthSecret } from '@lib/auth';
import { ObservabilityModule, ReadinessProbes } from '@lib/observability';
import type { NotifierConfig } from './config/notifier-config';
import { ListNotificationsController } from './list-notifications/list-notifications.controller';
import { KafkaConsumerStartup } from './kafka/kafka-consumer-startup';
import { NotificationStoreModule } from './notification-store/notification-store.module';
import { NotifierReadiness } from './notifier-readiness';
import { NotificationRecorder } from './record-notification/notification-recorder';
import { recordNotificationConsumer } from './record-notification/record-notification.consumer';

@Module({})
export class NotifierModule {
  static forRoot(config: NotifierConfig): DynamicModule {
    return {
      module: NotifierModule,
      imports: [
        // The service's secret: the same AUTH_SECRET, or the same secret file in DATA_DIR.
        AuthModule.forRoot({ secret: resolveAuthSecret({ authSecret: config.authSecret, dataDir: config.dataDir }) }),
        NotificationStoreModule.forRoot(config),
        ObservabilityModule,
      ],
      controllers: [ListNotificationsController, recordNotificationConsumer(config.kafka.topic)],
      providers: [
        NotificationRecorder,
        NotifierReadiness,
        {
          provide: KafkaConsumerStartup,
          useFactory: (probes: ReadinessProbes) => new KafkaConsumerStartup(config.kafka, probes),
          inject: [ReadinessProbes],
        },
      ],
    };
  }
}
