import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore, SqliteEventStore } from '@lib/event-store';
import { ReadModelStore, SqliteReadModelStore } from '@lib/read-model';
import { mkdirSync } from 'node:fs';
import { sqliteFile, type ServiceConfig } from '../config/service-config';

/** The embedded default: the event store and the read model in one SQLite file in DATA_DIR. */
@Module({})
export class StoresModule implements OnApplicationShutdown {
  constructor(
    @Inject(ReadModelStore) private readonly readModel: ReadModelStore,
    @Inject(EventStore) private readonly eventStore: EventStore,
  ) {}

  static forRoot(config: ServiceConfig): DynamicModule {
    mkdirSync(config.dataDir, { recursive: true });
    const file = sqliteFile(config);
    return {
      module: StoresModule,
      global: true,
      providers: [
        { provide: EventStore, useFactory: () => SqliteEventStore.open(file) },
        { provide: ReadModelStore, useFactory: () => SqliteReadModelStore.open(file) },
      ],
      exports: [EventStore, ReadModelStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readModel.close();
    await this.eventStore.close();
  }
}
