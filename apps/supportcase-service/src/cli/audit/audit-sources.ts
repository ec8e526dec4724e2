import { existsSync } from 'node:fs';
import { AuditLogStore, PostgresAuditLogStore, SqliteAuditLogStore, type AuditLeaf } from '@lib/audit-log';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import {
  EventStore,
  EventStoreDbEventStore,
  SqliteEventStore,
  START_OF_LOG,
  type RecordedEvent,
} from '@lib/event-store';
import { sqliteFile, type ServiceConfig } from '../../config/service-config';
import { AuditCliError } from './audit-cli-error';

const PAGE = 1_000;

/** The stores the service keeps, opened as it opens them: never a file or a key it would create. */
export interface AuditSources {
  readonly events: EventStore;
  readonly auditLog: AuditLogStore;
  close(): Promise<void>;
}

export async function openAuditSources(
  config: Pick<ServiceConfig, 'dataDir' | 'esdbConnectionString' | 'databaseUrl' | 'databaseSchema'>,
): Promise<AuditSources> {
  const { esdbConnectionString, databaseUrl, databaseSchema } = config;
  const file = sqliteFile(config);
  // Opening a missing file would create an empty store, which would "verify".
  if ((!esdbConnectionString || !databaseUrl) && !existsSync(file)) {
    throw new AuditCliError(`${file} does not exist; set DATA_DIR to the service's data directory`);
  }
  const events = esdbConnectionString
    ? EventStoreDbEventStore.connect(esdbConnectionString)
    : SqliteEventStore.open(file);
  try {
    const auditLog = databaseUrl
      ? await PostgresAuditLogStore.open(databaseUrl, databaseSchema)
      : SqliteAuditLogStore.open(file);
    return {
      events,
      auditLog,
      close: async () => {
        await auditLog.close();
        await events.close();
      },
    };
  } catch (error) {
    await events.close();
    throw error;
  }
}

/** The support case events in global log order: what the sealer seals. */
export async function* supportCaseEvents(store: EventStore): AsyncGenerator<RecordedEvent> {
  let after = START_OF_LOG;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE, streamPrefix: SUPPORT_CASE_STREAM_PREFIX });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

/**
 * The first `count` leaves, by index. Counted before the events are read, so every leaf read
 * is of an event stored before the read began, though the sealer keeps running.
 */
export async function* storedLeaves(store: AuditLogStore, count: number): AsyncGenerator<AuditLeaf> {
  for (let from = 0; from < count;) {
    const page = await store.leaves(from, Math.min(PAGE, count - from));
    yield* page;
    if (page.length === 0) return;
    from += page.length;
  }
}
