import { AuditLogStore, PostgresAuditLogStore, SqliteAuditLogStore } from '@lib/audit-log';
import { EventStore, EventStoreDbEventStore, SqliteEventStore } from '@lib/event-store';
import { sqliteFile, type ServiceConfig } from '../config/service-config';

type StoreConfig = Pick<ServiceConfig, 'dataDir' | 'esdbConnectionString' | 'databaseUrl' | 'databaseSchema'>;

/** The event store the configuration names: EventStoreDB, else the SQLite file in DATA_DIR. */
export function openEventStore(config: StoreConfig): EventStore {
  return config.esdbConnectionString
    ? EventStoreDbEventStore.connect(config.esdbConnectionString)
    : SqliteEventStore.open(sqliteFile(config));
}

/** The sealer's Merkle log where the configuration keeps derived data: PostgreSQL, else the SQLite file. */
export function openAuditLogStore(config: StoreConfig): AuditLogStore | Promise<AuditLogStore> {
  return config.databaseUrl
    ? PostgresAuditLogStore.open(config.databaseUrl, config.databaseSchema)
    : SqliteAuditLogStore.open(sqliteFile(config));
}
