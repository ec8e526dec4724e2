import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createPrivateDirectory } from '@lib/private-files';
import { sqliteFile, type NotifierConfig } from '../config/notifier-config';
import { NotificationStore } from './notification-store.port';
import { PostgresNotificationStore } from './postgres/postgres-notification.store';
import { SqliteNotificationStore } from './sqlite/sqlite-notification.store';

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file in DATA_DIR. */
@Module({})
export class NotificationStoreModule implements OnApplicationShutdown {
  constructor(@Inject(NotificationStore) private readonly store: NotificationStore) {}

  static forRoot(config: Pick<NotifierConfig, 'dataDir' | 'databaseUrl'>): DynamicModule {
    return {
      module: NotificationStoreModule,
      global: true,
      providers: [{ provide: NotificationStore, useFactory: () => openStore(config) }],
      exports: [NotificationStore],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}

function openStore({ dataDir, databaseUrl }: Pick<NotifierConfig, 'dataDir' | 'databaseUrl'>) {
  if (databaseUrl) return PostgresNotificationStore.open(databaseUrl);
  createPrivateDirectory(dataDir);
  return SqliteNotificationStore.open(sqliteFile({ dataDir }));
}

/** Where notifications are kept, for the start-up log; never shows a password. */
export function describeStore({ dataDir, databaseUrl }: Pick<NotifierConfig, 'dataDir' | 'databaseUrl'>): string {
  if (!databaseUrl) return `SQLite ${sqliteFile({ dataDir })}`;
  const url = new URL(databaseUrl);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
