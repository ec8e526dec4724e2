import { Inject, Logger, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AuditLogStore, AuditSigningKey, resolveAuditSigningKey } from '@lib/audit-log';
import { PERSONAL_FIELDS } from '@lib/domain';
import {
  CheckpointStore,
  EventStore,
  PostgresCheckpointStore,
  PostgresSnapshotStore,
  SnapshotStore,
  SqliteCheckpointStore,
  SqliteSnapshotStore,
} from '@lib/event-store';
import { DataKeys, EventSealing, OpenedEventStore, SealedSnapshots } from '@lib/personal-data';
import { createPrivateDirectory } from '@lib/private-files';
import { PostgresReadModelStore, ReadModelStore, SealedDocuments, SqliteReadModelStore } from '@lib/read-model';
import { hasRole, sqliteFile, type ServiceConfig } from '../config/service-config';
import { LeaderLock, SingleProcessLock } from './leader-lock';
import { namingTheSchema, openAuditLogStore, openDataKeys, openEventStore } from './open-stores';
import { PostgresLeaderLocks } from './postgres-leader-locks';
import { readable } from './store-format';

/** The relay's checkpoint, kept beside the read model's. */
export const RELAY_CHECKPOINTS = Symbol('RELAY_CHECKPOINTS');
const RELAY_CHECKPOINT_NAME = 'kafka-relay';
/** The tree size of the last signed head the broker acknowledged. */
export const TREE_HEAD_CHECKPOINTS = Symbol('TREE_HEAD_CHECKPOINTS');
const TREE_HEAD_CHECKPOINT_NAME = 'audit-tree-heads';

/**
 * The stores of this process. Embedded default: the event store, the read model and the
 * checkpoints in one SQLite file in DATA_DIR. EVENT_STORE_URL moves the events to
 * EventStoreDB or PostgreSQL; DATABASE_URL moves the read model and checkpoints to PostgreSQL, where several
 * instances share them and a projector, sealer or relay runs in one instance at a time. The
 * sealer's Merkle log lives beside the read model; its signing key comes from AUDIT_SIGNING_KEY
 * or DATA_DIR. The cases' data keys live apart from the events (PRIVACY.md): `EventStore` is
 * what is stored, personal values sealed; `OpenedEventStore` reads them opened. The cases'
 * snapshots, sealed, are kept beside SQLite or PostgreSQL events.
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
    @Inject(DataKeys) private readonly dataKeys: DataKeys,
    @Optional() @Inject(SnapshotStore) private readonly snapshots?: SnapshotStore,
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
          provide: DataKeys,
          useFactory: () => openDataKeys(config),
        },
        {
          provide: EventSealing,
          inject: [DataKeys],
          useFactory: (keys: DataKeys) => new EventSealing(keys, PERSONAL_FIELDS),
        },
        {
          provide: EventStore,
          inject: [EventSealing],
          useFactory: (sealing: EventSealing) => readable(openEventStore(config), sealing),
        },
        {
          provide: OpenedEventStore,
          inject: [EventStore, EventSealing],
          useFactory: (store: EventStore, sealing: EventSealing) => new OpenedEventStore(store, sealing),
        },
        {
          provide: SealedDocuments,
          inject: [DataKeys],
          useFactory: (keys: DataKeys) => new SealedDocuments(keys),
        },
        {
          provide: ReadModelStore,
          inject: [SealedDocuments],
          useFactory: (documents: SealedDocuments) =>
            databaseUrl
              ? namingTheSchema(PostgresReadModelStore.open(databaseUrl, { schema, documents }), schema)
              : SqliteReadModelStore.open(file, documents),
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
        ...snapshotProviders(config),
        ...signingKeyProviders(config),
        {
          provide: LeaderLock,
          useFactory: () => (databaseUrl ? new PostgresLeaderLocks(databaseUrl, schema) : new SingleProcessLock()),
        },
      ],
      exports: [
        DataKeys,
        EventStore,
        OpenedEventStore,
        EventSealing,
        ReadModelStore,
        RELAY_CHECKPOINTS,
        TREE_HEAD_CHECKPOINTS,
        AuditLogStore,
        ...snapshotProviders(config).map(({ provide }) => provide),
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
    await this.snapshots?.close();
    await this.eventStore.close();
    await this.dataKeys.close();
    this.logger.log('stores closed');
  }
}

/**
 * The cases' snapshots, sealed, beside the events: in their SQLite file, or in their PostgreSQL
 * schema, where every instance shares them. Events in EventStoreDB go without: each instance
 * would keep snapshots of its own in its DATA_DIR, and an erasure would forget only the erasing
 * instance's.
 */
function snapshotProviders(config: ServiceConfig) {
  const { eventStore, databaseSchema } = config;
  if (eventStore.kind === 'eventstoredb') return [];
  const file = sqliteFile(config);
  const opening = () =>
    eventStore.kind === 'postgres'
      ? PostgresSnapshotStore.open(eventStore.url, databaseSchema)
      : SqliteSnapshotStore.open(file);
  return [
    {
      provide: SnapshotStore,
      inject: [DataKeys],
      useFactory: async (keys: DataKeys) => new SealedSnapshots(await opening(), keys),
    },
  ];
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
