import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, resolveAuthSecret } from '@lib/auth';
import type { NotifierConfig } from './config/notifier-config';
import { ListNotificationsController } from './list-notifications/list-notifications.controller';
import { NotificationStoreModule } from './notification-store/notification-store.module';
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
      ],
      controllers: [ListNotificationsController, recordNotificationConsumer(config.kafka.topic)],
      providers: [NotificationRecorder],
    };
  }
}
