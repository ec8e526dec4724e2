import Database from 'better-sqlite3';
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

    expect(() => SqliteNotificationStore.open(file)).toThrow(/schema version 99; this notifier knows up to 2/);
  });
});

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
