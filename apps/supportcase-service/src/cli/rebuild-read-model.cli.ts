/**
 * Replays the event store into a fresh read model and swaps it in; safe while the service runs.
 * Usage: DATA_DIR=./data npm run rebuild-read-model
 */
import { existsSync } from 'node:fs';
import { SqliteEventStore } from '@lib/event-store';
import { rebuildSqliteReadModel } from '@lib/read-model';
import { loadConfig, sqliteFile } from '../config/service-config';

async function main(): Promise<number> {
  const filePath = sqliteFile(loadConfig());
  // Opening a missing file would create an empty store and "rebuild" nothing.
  if (!existsSync(filePath)) {
    process.stderr.write(`rebuild: ${filePath} does not exist; set DATA_DIR to the service's data directory\n`);
    return 1;
  }
  const eventStore = SqliteEventStore.open(filePath);
  try {
    const { events, seconds } = await rebuildSqliteReadModel(filePath, eventStore, {
      onProgress: ({ events, eventsPerSecond }) => {
        process.stderr.write(`rebuild: ${events} events, ${eventsPerSecond} events/s\n`);
      },
    });
    process.stdout.write(`rebuild: done, ${events} events in ${seconds.toFixed(1)} s\n`);
    return 0;
  } finally {
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
