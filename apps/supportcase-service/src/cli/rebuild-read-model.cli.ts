/**
 * Replays the event store into a fresh read model and swaps it in; safe while the service runs.
 * Usage: DATA_DIR=./data npm run rebuild-read-model
 */
import { existsSync } from 'node:fs';
import { PERSONAL_FIELDS } from '@lib/domain';
import { SqliteEventStore } from '@lib/event-store';
import { EventSealing, OpenedEventStore } from '@lib/personal-data';
import { PROJECTED_VALUES, rebuildSqliteReadModel, SealedDocuments } from '@lib/read-model';
import { loadConfig, sqliteFile } from '../config/service-config';
import { openDataKeys } from '../stores/open-stores';

async function main(): Promise<number> {
  const config = loadConfig();
  const filePath = sqliteFile(config);
  // Opening a missing file would create an empty store and "rebuild" nothing.
  if (!existsSync(filePath)) {
    process.stderr.write(`rebuild: ${filePath} does not exist; set DATA_DIR to the service's data directory\n`);
    return 1;
  }
  const eventStore = SqliteEventStore.open(filePath);
  const keys = await openDataKeys(config);
  try {
    const opened = new OpenedEventStore(eventStore, new EventSealing(keys, PERSONAL_FIELDS), PROJECTED_VALUES);
    const { events, seconds } = await rebuildSqliteReadModel(filePath, opened, new SealedDocuments(keys), {
      onProgress: ({ events, eventsPerSecond }) => {
        process.stderr.write(`rebuild: ${events} events, ${eventsPerSecond} events/s\n`);
      },
    });
    process.stdout.write(`rebuild: done, ${events} events in ${seconds.toFixed(1)} s\n`);
    return 0;
  } finally {
    await keys.close();
    await eventStore.close();
  }
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`rebuild: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
