import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLog, SqliteEventStore, type RecordedEvent } from '@lib/event-store';
import { rebuildSqliteReadModel } from '@lib/read-model';

/** Every event in the SQLite event store at `file`, in log order, read on a connection of its own. */
export async function storedEvents(file: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open(file);
  try {
    const events: RecordedEvent[] = [];
    for await (const event of readLog(store)) events.push(event);
    return events;
  } finally {
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

/** The rows of the SQLite read model at `file`, by id, their documents parsed. */
export function readModelRows(file: string): ReadModelRow[] {
  const db = new Database(file, { fileMustExist: true });
  try {
    return db
      .prepare<[], ReadModelRow & { document: string }>('SELECT * FROM support_cases ORDER BY id')
      .all()
      .map((row) => ({ ...row, document: JSON.parse(row.document) }));
  } finally {
    db.close();
  }
}

/**
 * The rows a fresh replay of the whole log gives: the read model rebuilt into a copy of the
 * file (its WAL included), so the original stays as it was.
 */
export async function rebuiltReadModelRows(file: string): Promise<ReadModelRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'supportcase-rebuild-'));
  const copy = join(dir, 'copy.sqlite');
  try {
    for (const suffix of ['', '-wal']) {
      if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
    }
    const store = SqliteEventStore.open(copy);
    try {
      await rebuildSqliteReadModel(copy, store);
    } finally {
      await store.close();
    }
    return readModelRows(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
