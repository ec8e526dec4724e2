import { AuditLogStore, PostgresAuditLogStore, SqliteAuditLogStore } from '@lib/audit-log';
import { EventStore, EventStoreDbEventStore, PostgresEventStore, SqliteEventStore } from '@lib/event-store';
import {
  DataKeys,
  PostgresDataKeyStore,
  resolveKeyEncryptionKey,
  SqliteDataKeyStore,
  type DataKeyStore,
} from '@lib/personal-data';
import { MissingSchemaError } from '@lib/postgres';
import { ConfigError, keyStoreFile, sqliteFile, type ServiceConfig } from '../config/service-config';

type StoreConfig = Pick<ServiceConfig, 'dataDir' | 'eventStore' | 'databaseUrl' | 'databaseSchema'>;

/** The event store EVENT_STORE_URL names; its PostgreSQL tables go in DATABASE_SCHEMA. */
export async function openEventStore(config: StoreConfig): Promise<EventStore> {
  const { eventStore } = config;
  switch (eventStore.kind) {
    case 'sqlite':
      return SqliteEventStore.open(sqliteFile(config));
    case 'eventstoredb':
      return EventStoreDbEventStore.connect(eventStore.url);
    case 'postgres':
      return namingTheSchema(PostgresEventStore.open(eventStore.url, config.databaseSchema), config.databaseSchema);
  }
}

/** The sealer's Merkle log where the configuration keeps derived data: PostgreSQL, else the SQLite file. */
export function openAuditLogStore(config: StoreConfig): AuditLogStore | Promise<AuditLogStore> {
  return config.databaseUrl
    ? PostgresAuditLogStore.open(config.databaseUrl, config.databaseSchema)
    : SqliteAuditLogStore.open(sqliteFile(config));
}

/** The cases' data keys' store, apart from the events: PostgreSQL where the configuration keeps derived data, else a SQLite file of its own. */
export async function openDataKeyStore(config: StoreConfig): Promise<DataKeyStore> {
  return config.databaseUrl
    ? await namingTheSchema(PostgresDataKeyStore.open(config.databaseUrl, config.databaseSchema), config.databaseSchema)
    : SqliteDataKeyStore.open(keyStoreFile(config));
}

/** The cases' data keys; refused when the key-encryption key is not the one the store's keys are wrapped under. */
export async function openDataKeys(config: StoreConfig & Pick<ServiceConfig, 'dataEncryptionKey'>): Promise<DataKeys> {
  const keyEncryptionKey = resolveKeyEncryptionKey(config);
  const store = await openDataKeyStore(config);
  try {
    return await DataKeys.open(store, keyEncryptionKey);
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** A schema the database user may not create is the operator's to fix: name the variable. */
export async function namingTheSchema<T>(opening: Promise<T>, schema: string): Promise<T> {
  try {
    return await opening;
  } catch (error) {
    if (!(error instanceof MissingSchemaError)) throw error;
    throw new ConfigError(
      'DATABASE_SCHEMA',
      `names schema "${schema}", which does not exist, and this database user may not create it: ` +
        'create the schema, or grant the user CREATE on the database',
    );
  }
}
