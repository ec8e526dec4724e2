import { existsSync } from 'node:fs';
import type { AuditLeaf, AuditLogStore } from '@lib/audit-log';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { readLog, type EventStore, type RecordedEvent } from '@lib/event-store';
import { sqliteFile, type ServiceConfig } from '../../config/service-config';
import { openAuditLogStore, openEventStore } from '../../stores/open-stores';
import { AuditCliError } from './audit-cli-error';

const PAGE = 1_000;

/** The stores the service keeps, opened as it opens them: never a file or a key it would create. */
export interface AuditSources {
  readonly events: EventStore;
  readonly auditLog: AuditLogStore;
  close(): Promise<void>;
}

export async function openAuditSources(
  config: Pick<ServiceConfig, 'dataDir' | 'eventStore' | 'databaseUrl' | 'databaseSchema'>,
): Promise<AuditSources> {
  const file = sqliteFile(config);
  // Opening a missing file would create an empty store, which would "verify".
  if ((config.eventStore.kind === 'sqlite' || !config.databaseUrl) && !existsSync(file)) {
    throw new AuditCliError(`${file} does not exist; set DATA_DIR to the service's data directory`);
  }
  const events = await openEventStore(config);
  try {
    const auditLog = await openAuditLogStore(config);
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
export function supportCaseEvents(store: EventStore): AsyncGenerator<RecordedEvent> {
  return readLog(store, { streamPrefix: SUPPORT_CASE_STREAM_PREFIX });
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
