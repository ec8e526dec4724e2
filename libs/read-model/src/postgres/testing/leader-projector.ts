/**
 * One projector process for leader-projectors.spec.ts: waits for the leader lock, then projects the
 * SQLite event store into the read model until killed, reporting each step on stdout. The data
 * keys are kept beside the event store, where every projector finds them.
 * Usage: leader-projector.ts <database url> <schema> <event store file>
 */
import { dirname } from 'node:path';
import { CatchUpSubscription, SqliteEventStore, type RecordedEvent } from '@lib/event-store';
import { PostgresReadModelStore } from '../postgres.read-model.store';
import { PostgresLeaderLock } from '@lib/postgres';
import { documentsIn } from '../../testing/sealed-documents';

const [databaseUrl, schema, eventStoreFile] = process.argv.slice(2);
const report = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { documents } = await documentsIn(dirname(eventStoreFile));
  const store = await PostgresReadModelStore.open(databaseUrl, { schema, documents });
  const lock = new PostgresLeaderLock(databaseUrl, { retryDelayMs: 20, onWaiting: () => report('waiting') });
  await lock.acquire(`read-model-projector:${schema}`);
  report('leading');
  const reportingStore = {
    loadCheckpoint: () => store.loadCheckpoint(),
    async handle(events: readonly RecordedEvent[]) {
      await store.handle(events);
      report(`applied ${events[events.length - 1].position.commit}`);
    },
  };
  // The test appends through its own connection, which wakes no one here: poll often.
  new CatchUpSubscription(SqliteEventStore.open(eventStoreFile), reportingStore, { pollIntervalMs: 20 }).start();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
