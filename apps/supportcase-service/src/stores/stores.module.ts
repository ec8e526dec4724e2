import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AuditLogStore, AuditSigningKey, resolveAuditSigningKey } from '@lib/audit-log';
import {
  CheckpointStore,
  EventStore,
  PostgresCheckpointStore,
  SqliteCheckpointStore,
  writtenBeforeChaining,
} from '@lib/event-store';
import { MissingSchemaError } from '@lib/postgres';
import { createPrivateDirectory } from '@lib/private-files';
import { PostgresReadModelStore, ReadModelStore, SqliteReadModelStore } from '@lib/read-model';
import { ConfigError, hasRole, sqliteFile, type ServiceConfig } from '../config/service-config';
import { LeaderLock, SingleProcessLock } from './leader-lock';
import { openAuditLogStore, openEventStore } from './open-stores';
import { PostgresLeaderLocks } from './postgres-leader-locks';

/** The relay's checkpoint, kept beside the read model's. */
export const RELAY_CHECKPOINTS = Symbol('RELAY_CHECKPOINTS');
const RELAY_CHECKPOINT_NAME = 'kafka-relay';
/** The tree size of the last signed head the broker acknowledged. */
export const TREE_HEAD_CHECKPOINTS = Symbol('TREE_HEAD_CHECKPOINTS');
const TREE_HEAD_CHECKPOINT_NAME = 'audit-tree-heads';

/**
 * The stores of this process. Embedded default: the event store, the read model and the
 * checkpoints in one SQLite file in DATA_DIR. ESDB_CONNECTION_STRING moves the events to
 * EventStoreDB; DATABASE_URL moves the read model and checkpoints to PostgreSQL, where several
 * instances share them and a projector, sealer or relay runs in one instance at a time. The
 * sealer's Merkle log lives beside the read model; its signing key comes from AUDIT_SIGNING_KEY
 * or DATA_DIR.
 */
@Module({})
export class StoresModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Stores');

  constructor(
    @Inject(ReadModelStore) private readonly readModel: ReadModelStore,
    @Inject(EventStore) private readonly eventStore: EventStore,
    @Inject(RELAY_CHECKPOINTS) private readonly relayCheckpoints: CheckpointStore,
    @Inject(TREE_HEAD_CHECKPOINTS) private readonly treeHeadCheckpoints: CheckpointStore,
    @Inject(AuditLogStore) private readonly auditLog: AuditLogStore,
  ) {}

  static forRoot(config: ServiceConfig): DynamicModule {
    createPrivateDirectory(config.dataDir);
    const file = sqliteFile(config);
    const { databaseUrl, databaseSchema: schema } = config;
    return {
      module: StoresModule,
      global: true,
      providers: [
        {
          provide: EventStore,
          useFactory: () => chained(openEventStore(config)),
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
          provide: TREE_HEAD_CHECKPOINTS,
          inject: [ReadModelStore],
          useFactory: () =>
            databaseUrl
              ? PostgresCheckpointStore.open(databaseUrl, schema, TREE_HEAD_CHECKPOINT_NAME)
              : SqliteCheckpointStore.open(file, TREE_HEAD_CHECKPOINT_NAME),
        },
        {
          provide: AuditLogStore,
          inject: [ReadModelStore],
          useFactory: () => openAuditLogStore(config),
        },
        ...signingKeyProviders(config),
        {
          provide: LeaderLock,
          useFactory: () => (databaseUrl ? new PostgresLeaderLocks(databaseUrl, schema) : new SingleProcessLock()),
        },
      ],
      exports: [
        EventStore,
        ReadModelStore,
        RELAY_CHECKPOINTS,
        TREE_HEAD_CHECKPOINTS,
        AuditLogStore,
        ...signingKeyProviders(config).map(({ provide }) => provide),
        LeaderLock,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relayCheckpoints.close();
    await this.treeHeadCheckpoints.close();
    await this.auditLog.close();
    await this.readModel.close();
    await this.eventStore.close();
    this.logger.log('stores closed');
  }
}

/**
 * The signing key, for the processes that sign heads or show the key: a projector or relay on
 * its own neither needs one nor creates one in DATA_DIR.
 */
function signingKeyProviders(config: ServiceConfig) {
  if (!hasRole(config, 'api') && !hasRole(config, 'sealer')) return [];
  const { auditSigningKey, dataDir } = config;
  return [{ provide: AuditSigningKey, useFactory: () => resolveAuditSigningKey({ auditSigningKey, dataDir }) }];
}

/**
 * Chained and unchained events never mix: a store written before events were chained is
 * refused whole, with the way out.
 */
async function chained(opening: EventStore | Promise<EventStore>): Promise<EventStore> {
  const store = await opening;
  if (!(await writtenBeforeChaining(store))) return store;
  await store.close();
  throw new Error(
    'the event store was written before events were hash-chained, and this version reads only chained events: ' +
      'read its cases out with the version that wrote it (GET /iptv/supportcase/:id), and create them again ' +
      'through this version on an empty DATA_DIR (or event store); see AUDIT.md',
  );
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
