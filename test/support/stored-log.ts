import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PERSONAL_FIELDS } from '@lib/domain';
import { readLog, SqliteEventStore, type RecordedEvent } from '@lib/event-store';
import { EventSealing, OpenedEventStore } from '@lib/personal-data';
import { rebuildSqliteReadModel } from '@lib/read-model';
import { documentsIn } from '@lib/read-model/testing';

/**
 * Every event in the SQLite event store at `file`, in log order, read on a connection of its own
 * and opened with the data keys kept beside it.
 */
export async function storedEvents(file: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open(file);
  const keys = await documentsIn(dirname(file));
  try {
    const opened = new OpenedEventStore(store, new EventSealing(keys.keys, PERSONAL_FIELDS));
    const events: RecordedEvent[] = [];
    for await (const event of readLog(opened)) events.push(event);
    return events;
  } finally {
    await keys.close();
    await store.close();
  }
}

/** The events of each stream, oldest first, keyed by stream id. */
export function byStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const stream = streams.get(event.streamId) ?? [];
    stream.push(event);
    streams.set(event.streamId, stream);
  }
  return streams;
}

export interface ReadModelRow {
  id: string;
  revision: number;
  customer: string | null;
  owner: string;
  date: string;
  solved: number;
  document: unknown;
}

/** The rows of the SQLite read model at `file`, by id, their documents opened with the keys kept in `keysDir`. */
export async function readModelRows(file: string, keysDir = dirname(file)): Promise<ReadModelRow[]> {
  const db = new Database(file, { fileMustExist: true });
  const keys = await documentsIn(keysDir);
  try {
    const rows = db.prepare<[], ReadModelRow & { document: string }>('SELECT * FROM support_cases ORDER BY id').all();
    const documents = await keys.documents.of(rows.map((row) => row.id));
    return rows.map((row) => {
      const stored = { revision: row.revision, document: JSON.parse(row.document) };
      return { ...row, document: documents.open(row.id, row.revision, () => stored).supportCase };
    });
  } finally {
    await keys.close();
    db.close();
  }
}

/**
 * The rows a fresh replay of the whole log gives: the read model rebuilt into a copy of the
 * file (its WAL included), so the original stays as it was, under the keys kept beside it.
 */
export async function rebuiltReadModelRows(file: string): Promise<ReadModelRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'supportcase-rebuild-'));
  const copy = join(dir, 'copy.sqlite');
  try {
    for (const suffix of ['', '-wal']) {
      if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
    }
    const keysDir = dirname(file);
    const store = SqliteEventStore.open(copy);
    const keys = await documentsIn(keysDir);
    try {
      const opened = new OpenedEventStore(store, new EventSealing(keys.keys, PERSONAL_FIELDS));
      await rebuildSqliteReadModel(copy, opened, keys.documents);
    } finally {
      await keys.close();
      await store.close();
    }
    return await readModelRows(copy, keysDir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
