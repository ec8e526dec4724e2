import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import {
  CheckpointStore,
  EventStore,
  EventStoreDbEventStore,
  PostgresCheckpointStore,
  SqliteCheckpointStore,
  SqliteEventStore,
} from '@lib/event-store';
import { MissingSchemaError, PostgresReadModelStore, ReadModelStore, SqliteReadModelStore } from '@lib/read-model';
import { mkdirSync } from 'node:fs';
import { ConfigError, sqliteFile, type ServiceConfig } from '../config/service-config';
import { LeaderLock, SingleProcessLock } from './leader-lock';
import { PostgresLeaderLocks } from './postgres-leader-locks';

/** The relay's checkpoint, kept beside the read model's. */
export const RELAY_CHECKPOINTS = Symbol('RELAY_CHECKPOINTS');
const RELAY_CHECKPOINT_NAME = 'kafka-relay';

/**
 * The stores of this process. Embedded default: the event store, the read model and the
 * checkpoints in one SQLite file in DATA_DIR. ESDB_CONNECTION_STRING moves the events to
 * EventStoreDB; DATABASE_URL moves the read model and checkpoints to PostgreSQL, where several
 * instances share them and a projector or relay runs in one instance at a time.
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
    const { esdbConnectionString, databaseUrl, databaseSchema: schema } = config;
    return {
      module: StoresModule,
      global: true,
      providers: [
        {
          provide: EventStore,
          useFactory: () =>
            esdbConnectionString ? EventStoreDbEventStore.connect(esdbConnectionString) : SqliteEventStore.open(file),
        },
        {
          provide: ReadModelStore,
          useFactory: () =>
            databaseUrl ? openPostgresReadModel(databaseUrl, schema) : SqliteReadModelStore.open(file),
        },
        {
          provide: RELAY_CHECKPOINTS,
          // After the read model, whose migrations create the checkpoint table.
          inject: [ReadModelStore],
          useFactory: () =>
            databaseUrl
              ? PostgresCheckpointStore.open(databaseUrl, schema, RELAY_CHECKPOINT_NAME)
              : SqliteCheckpointStore.open(file, RELAY_CHECKPOINT_NAME),
        },
        {
          provide: LeaderLock,
          useFactory: () => (databaseUrl ? new PostgresLeaderLocks(databaseUrl, schema) : new SingleProcessLock()),
        },
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

/** A schema the database user may not create is the operator's to fix: name the variable. */
async function openPostgresReadModel(databaseUrl: string, schema: string): Promise<PostgresReadModelStore> {
  try {
    return await PostgresReadModelStore.open(databaseUrl, { schema });
  } catch (error) {
    if (!(error instanceof MissingSchemaError)) throw error;
    throw new ConfigError(
      'DATABASE_SCHEMA',
      `names schema "${schema}", which does not exist, and this database user may not create it: ` +
        'create the schema, or grant the user CREATE on the database',
    );
  }
}
