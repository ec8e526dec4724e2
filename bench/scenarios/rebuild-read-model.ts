import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { SqliteEventStore } from '@lib/event-store';
import { OpenedEventStore } from '@lib/personal-data';
import { PROJECTED_VALUES, rebuildSqliteReadModel, SealedDocuments } from '@lib/read-model';
import { alternatingPairs, pairedResult } from '../support/alternating-pairs';
import { writeBusyLog } from '../support/event-log';
import { withServiceSealing } from '../support/sealing';
import type { Scenario } from '../support/scenario';
import { perSecond } from '../support/stats';
import { withTempDir } from '../support/temp-dir';

const TARGET = 0.5;

/**
 * rebuildSqliteReadModel over a log of realistic support case events, against reading and
 * JSON-parsing the same rows raw with better-sqlite3, in alternating pairs (rebuild, raw; raw,
 * rebuild; rebuild, raw) so neither always runs first on the colder page cache. The row is the
 * median pair.
 */
export const rebuildReadModelScenario: Scenario = {
  name: 'rebuild-read-model',
  run: (mode) =>
    withTempDir(async (dir) => {
      const filePath = join(dir, 'events.sqlite');
      await writeBusyLog(filePath, mode.rebuildEvents);
      const pairs = await alternatingPairs(
        () => rebuildPerSecond(filePath, mode.rebuildEvents),
        async () => rawReadPerSecond(filePath, mode.rebuildEvents),
      );
      const name = `rebuild read model, ${mode.rebuildEvents.toLocaleString('en-US')} events`;
      return [pairedResult(name, 'events/s', 'higher', pairs, TARGET)];
    }),
};

function rawReadPerSecond(filePath: string, expected: number): number {
  const db = new Database(filePath, { readonly: true });
  try {
    const started = performance.now();
    let events = 0;
    const rows = db.prepare<[], { data: string; metadata: string }>('SELECT * FROM events ORDER BY position').iterate();
    for (const row of rows) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      events++;
    }
    return perSecond(assertAll(events, expected), performance.now() - started);
  } finally {
    db.close();
  }
}

/** The rebuild as the service's command runs it: events opened, documents sealed. */
async function rebuildPerSecond(filePath: string, expected: number): Promise<number> {
  const eventStore = SqliteEventStore.open(filePath);
  try {
    return await withServiceSealing(dirname(filePath), async ({ keys, sealing }) => {
      const started = performance.now();
      const opened = new OpenedEventStore(eventStore, sealing, PROJECTED_VALUES);
      const { events } = await rebuildSqliteReadModel(filePath, opened, new SealedDocuments(keys));
      return perSecond(assertAll(events, expected), performance.now() - started);
    });
  } finally {
    await eventStore.close();
  }
}

/** A pass that missed events would look fast for the wrong reason. */
function assertAll(events: number, expected: number): number {
  if (events !== expected) throw new Error(`read ${events} events, expected ${expected}`);
  return events;
}
