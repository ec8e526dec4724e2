import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modesUnder } from '@lib/private-files/testing';
import { describeNotificationStoreContract } from '../notification-store.contract';
import { SqliteNotificationStore } from './sqlite-notification.store';

describeNotificationStoreContract('SqliteNotificationStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'notifier-store-'));
  const file = join(dir, 'notifier.sqlite');
  let store = SqliteNotificationStore.open(file);
  return {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = SqliteNotificationStore.open(file);
      return store;
    },
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteNotificationStore schema', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'notifier-store-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a file written by a newer notifier', () => {
    const file = join(dir, 'notifier.sqlite');
    const newer = new Database(file);
    newer.pragma('user_version = 99');
    newer.close();

    expect(() => SqliteNotificationStore.open(file)).toThrow(/schema version 99; this notifier knows up to 3/);
  });

  it('keeps the notifications of a version 2 file, whose case names could not be erased, and erases them now', async () => {
    const file = join(dir, 'notifier.sqlite');
    const older = new Database(file);
    older.exec(`CREATE TABLE notifications (id TEXT PRIMARY KEY, case_id TEXT NOT NULL, case_name TEXT NOT NULL,
      customer TEXT NOT NULL, reseller TEXT NOT NULL, kind TEXT NOT NULL, text TEXT, occurred_at TEXT NOT NULL,
      created_at TEXT NOT NULL, comment_id TEXT);
      INSERT INTO notifications VALUES ('n1', 'case-1', 'Gertrud has no picture', 'customer-1', 'reseller-1',
        'answered', 'Restart the box', '2024-05-01T10:00:00.000Z', '2024-05-01T10:00:01.000Z', NULL)`);
    older.pragma('user_version = 2');
    older.close();

    const store = SqliteNotificationStore.open(file);
    try {
      const stored = { id: 'n1', caseId: 'case-1', customer: 'customer-1', reseller: 'reseller-1', kind: 'answered' };
      const times = { occurredAt: '2024-05-01T10:00:00.000Z', createdAt: '2024-05-01T10:00:01.000Z' };
      const listed = () => store.list({ customer: 'customer-1', offset: 0, limit: 10 });
      expect((await listed()).notifications).toEqual([
        { ...stored, ...times, caseName: 'Gertrud has no picture', text: 'Restart the box' },
      ]);

      await store.eraseCase('case-1');

      expect((await listed()).notifications).toEqual([{ ...stored, ...times }]);
    } finally {
      await store.close();
    }
  });
});

describe('SqliteNotificationStore erasure', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'notifier-store-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("leaves an erased case's names and texts in no byte of its files", async () => {
    const store = SqliteNotificationStore.open(join(dir, 'notifier.sqlite'));
    const markers = ['marker-case-name-5f1e', 'marker-answer-5f1e'];
    try {
      await store.add({
        id: 'n1',
        caseId: 'case-1',
        caseName: markers[0],
        customer: 'customer-1',
        reseller: 'reseller-1',
        kind: 'answered',
        text: markers[1],
        occurredAt: '2024-05-01T10:00:00.000Z',
        createdAt: '2024-05-01T10:00:01.000Z',
      });
      expect(markersInFiles(dir, markers)).toEqual(markers);

      await store.eraseCase('case-1');

      expect(markersInFiles(dir, markers)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

/** The markers found in any byte of any file under `dir`. */
function markersInFiles(dir: string, markers: readonly string[]): string[] {
  const bytes = readdirSync(dir).map((name) => readFileSync(join(dir, name)));
  return markers.filter((marker) => bytes.some((content) => content.includes(marker)));
}

describe('SqliteNotificationStore files', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'notifier-store-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates its folder, its file and the WAL beside it, readable by their owner only', async () => {
    const store = SqliteNotificationStore.open(join(dir, 'data', 'notifier.sqlite'));
    try {
      expect(modesUnder(dir)).toEqual({
        data: 0o700,
        'data/notifier.sqlite': 0o600,
        'data/notifier.sqlite-shm': 0o600,
        'data/notifier.sqlite-wal': 0o600,
      });
    } finally {
      await store.close();
    }
  });
});
