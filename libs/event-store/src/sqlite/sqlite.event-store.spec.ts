import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../event-store.contract';
import { START_OF_LOG, WrongExpectedRevisionError, type NewEvent } from '../event-store.port';
import { openSqliteDatabase, SqliteEventStore } from './sqlite.event-store';

function newEvent(): NewEvent {
  return { id: randomUUID(), type: 'Tested', data: { value: randomUUID() }, metadata: { actor: 'tester' } };
}

function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'event-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

describeEventStoreContract('SqliteEventStore', async () => {
  const directory = temporaryDirectory();
  const store = SqliteEventStore.open(join(directory.path, 'events.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      directory.remove();
    },
  };
});

describe('SqliteEventStore', () => {
  let directory: { path: string; remove(): void };
  let filePath: string;
  const opened: SqliteEventStore[] = [];

  function open(): SqliteEventStore {
    const store = SqliteEventStore.open(filePath);
    opened.push(store);
    return store;
  }

  beforeEach(() => {
    directory = temporaryDirectory();
    filePath = join(directory.path, 'events.db');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    directory.remove();
  });

  it('numbers positions with one global sequence from 1, commit equal to prepare', async () => {
    const store = open();
    await store.appendToStream('a', [newEvent(), newEvent()], 'no_stream');
    await store.appendToStream('b', [newEvent()], 'no_stream');

    const positions = (await store.readAll({ after: START_OF_LOG, maxCount: 10 })).map((e) => e.position);

    expect(positions).toEqual([1, 2, 3].map((n) => ({ commit: n, prepare: n })));
  });

  it('keeps the events when closed and opened again', async () => {
    const first = open();
    await first.appendToStream('case-1', [newEvent(), newEvent()], 'no_stream');
    const written = await first.readAll({ after: START_OF_LOG, maxCount: 10 });
    await first.close();

    const reopened = open();
    const result = await reopened.appendToStream('case-1', [newEvent()], 1);

    expect(await reopened.readAll({ after: START_OF_LOG, maxCount: 2 })).toEqual(written);
    expect(result).toEqual({ nextRevision: 2, position: { commit: 3, prepare: 3 } });
  });

  it('refuses a stale expected revision written through another instance on the same file', async () => {
    const writer = open();
    const other = open();
    await writer.appendToStream('case-1', [newEvent()], 'no_stream');
    await other.appendToStream('case-1', [newEvent()], 0);

    const stale = writer.appendToStream('case-1', [newEvent()], 0);

    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(stale).rejects.toMatchObject({ actual: 1 });
    expect(await writer.readStream('case-1')).toHaveLength(2);
  });

  it('leaves the file in WAL mode for every connection', () => {
    open();
    const plainConnection = new Database(filePath);
    try {
      expect(plainConnection.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      plainConnection.close();
    }
  });

  it('opens connections with full synchronous commits, a busy timeout, foreign keys and rarer checkpoints', () => {
    const db = openSqliteDatabase(filePath);
    try {
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    } finally {
      db.close();
    }
  });

  it('opens connections for derived data with commits that wait for no sync of their own', () => {
    const db = openSqliteDatabase(filePath, { derived: true });
    try {
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  describe('group commit', () => {
    it('commits appends requested together, each answered on its own: one refused leaves the others', async () => {
      const store = open();
      await store.appendToStream('case-taken', [newEvent()], 'no_stream');

      const outcomes = await Promise.allSettled([
        store.appendToStream('case-a', [newEvent()], 'no_stream'),
        store.appendToStream('case-taken', [newEvent()], 'no_stream'),
        store.appendToStream('case-b', [newEvent(), newEvent()], 'no_stream'),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream('case-a')).toHaveLength(1);
      expect(await store.readStream('case-taken')).toHaveLength(1);
      expect(await store.readStream('case-b')).toHaveLength(2);
    });

    it('applies appends to one stream in the order they were requested', async () => {
      const store = open();
      const [first, second] = await Promise.all([
        store.appendToStream('case-1', [newEvent()], 'no_stream'),
        store.appendToStream('case-1', [newEvent()], 0),
      ]);
      expect([first.nextRevision, second.nextRevision]).toEqual([0, 1]);
    });

    it('commits what is pending before it closes', async () => {
      const store = SqliteEventStore.open(filePath);
      const pending = store.appendToStream('case-closing', [newEvent()], 'no_stream');
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextRevision: 0 });
      expect(await open().readStream('case-closing')).toHaveLength(1);
    });
  });
});
