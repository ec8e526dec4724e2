import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CheckpointStore, EventStore, SqliteCheckpointStore, SqliteEventStore } from '@lib/event-store';
import { ReadModelStore, SqliteReadModelStore } from '@lib/read-model';
import { mkdirSync } from 'node:fs';
import { sqliteFile, type ServiceConfig } from '../config/service-config';
import { LeaderLock, SingleProcessLock } from './leader-lock';

/** The relay's checkpoint, kept beside the read model's. */
export const RELAY_CHECKPOINTS = Symbol('RELAY_CHECKPOINTS');

/**
 * The stores of this process. Embedded default: the event store, the read model and the
 * checkpoints in one SQLite file in DATA_DIR.
 */
@Module({})
export class StoresModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Stores');

  constructor(
    @Inject(ReadModelStore) private readonly readModel: ReadModelStore,
    @Inject(EventStore) private readonly eventStore: EventStore,
    @Inject(RELAY_CHECKPOINTS) private readonly relayCheckpoints: CheckpointStore,
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
        { provide: RELAY_CHECKPOINTS, useFactory: () => SqliteCheckpointStore.open(file, 'kafka-relay') },
        { provide: LeaderLock, useClass: SingleProcessLock },
      ],
      exports: [EventStore, ReadModelStore, RELAY_CHECKPOINTS, LeaderLock],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relayCheckpoints.close();
    await this.readModel.close();
    await this.eventStore.close();
    this.logger.log('stores closed');
  }
}
