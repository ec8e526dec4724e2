import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { modesUnder } from '@lib/private-files/testing';
import { describeDataKeyStoreContract } from './data-key-store.contract';
import { DESTROYED, type StoredKey, type WrappedKey } from './data-key-store.port';
import { SqliteDataKeyStore } from './sqlite-data-key.store';

/** The key, failing the test when the store answers it DESTROYED or not at all. */
function wrappedOf(key: StoredKey | undefined): WrappedKey {
  if (key === undefined || key === DESTROYED) throw new Error(`expected a stored key, got ${key}`);
  return key;
}

/** The files directly in `directory` whose raw bytes hold `bytes` somewhere. */
function filesHolding(directory: string, bytes: Buffer): string[] {
  return readdirSync(directory)
    .filter((name) => readFileSync(join(directory, name)).includes(bytes))
    .sort();
}

function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'data-key-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

describeDataKeyStoreContract('SqliteDataKeyStore', async () => {
  const directory = temporaryDirectory();
  return {
    open: async () => SqliteDataKeyStore.open(join(directory.path, 'data-keys.db')),
    // Every file's raw bytes: the database, its WAL and its shared memory.
    holds: async (wrapped) => filesHolding(directory.path, wrapped).length > 0,
    cleanup: async () => directory.remove(),
  };
});

describe('SqliteDataKeyStore', () => {
  let directory: { path: string; remove(): void };
  const closeAfterTest: { close(): Promise<void> }[] = [];

  function opened<T extends { close(): Promise<void> }>(closable: T): T {
    closeAfterTest.push(closable);
    return closable;
  }

  beforeEach(() => {
    directory = temporaryDirectory();
  });

  afterEach(async () => {
    await Promise.all(closeAfterTest.splice(0).map((closable) => closable.close()));
    directory.remove();
  });

  it("refuses to call a destroy done while another connection's read keeps the key in the WAL, and completes it when asked again", async () => {
    const file = join(directory.path, 'data-keys.db');
    const store = opened(SqliteDataKeyStore.open(file));
    const wrapped = randomBytes(60);
    await store.addKeys(new Map([['case-1', { keyEncryptionKeyId: 'kek', wrapped }]]));
    const reader = new Database(file);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM data_keys').get();

    await expect(store.destroyKeys(['case-1'])).rejects.toThrow(/another connection reading the key store/);
    expect(filesHolding(directory.path, wrapped)).not.toEqual([]);
    reader.exec('COMMIT');
    reader.close();
    await store.destroyKeys(['case-1']);

    expect(filesHolding(directory.path, wrapped)).toEqual([]);
    expect((await store.keysOf(['case-1'])).get('case-1')).toBe(DESTROYED);
  });

  it('creates its folder open to its owner only, and its file, WAL and shared memory readable by its owner only', async () => {
    const store = opened(SqliteDataKeyStore.open(join(directory.path, 'keys', 'data-keys.db')));

    await store.addKeys(new Map([['case-1', { keyEncryptionKeyId: 'kek-one', wrapped: randomBytes(60) }]]));

    expect(modesUnder(directory.path)).toEqual({
      keys: 0o700,
      'keys/data-keys.db': 0o600,
      'keys/data-keys.db-wal': 0o600,
      'keys/data-keys.db-shm': 0o600,
    });
  });

  it('keeps keys in memory for as long as the store is open', async () => {
    const store = opened(SqliteDataKeyStore.inMemory());
    const wrapped = randomBytes(60);

    await store.addKeys(new Map([['case-1', { keyEncryptionKeyId: 'kek-one', wrapped }]]));

    const found = await store.keysOf(['case-1', 'case-2']);
    expect([...found.keys()]).toEqual(['case-1']);
    expect(wrappedOf(found.get('case-1')).keyEncryptionKeyId).toBe('kek-one');
    expect(wrappedOf(found.get('case-1')).wrapped.equals(wrapped)).toBe(true);
    expect(await store.keyEncryptionKeyId('kek-one')).toBe('kek-one');
    expect(await store.keyEncryptionKeyId('kek-two')).toBe('kek-one');
    expect(modesUnder(directory.path)).toEqual({});
  });

  it('destroys keys in memory too', async () => {
    const store = opened(SqliteDataKeyStore.inMemory());
    await store.addKeys(new Map([['case-1', { keyEncryptionKeyId: 'kek-one', wrapped: randomBytes(60) }]]));

    await store.destroyKeys(['case-1']);

    expect(await store.keysOf(['case-1'])).toEqual(new Map([['case-1', DESTROYED]]));
  });

  it('overwrites what it deletes: its connection has secure_delete on', () => {
    const stores = [
      opened(SqliteDataKeyStore.open(join(directory.path, 'data-keys.db'))),
      opened(SqliteDataKeyStore.inMemory()),
    ];

    for (const store of stores) {
      // The connection is the store's own; the pragma is read on it, as it holds for it alone.
      expect(store['db'].pragma('secure_delete', { simple: true })).toBe(1);
    }
  });

  describe('destroying a key', () => {
    const file = () => join(directory.path, 'data-keys.db');
    const key = () => ({ keyEncryptionKeyId: 'kek-one', wrapped: randomBytes(60) });

    it('leaves its bytes in no file of the store, the key having been in the WAL only', async () => {
      const store = opened(SqliteDataKeyStore.open(file()));
      const destroyed = key();
      const kept = key();
      await store.addKeys(
        new Map([
          ['case-1', destroyed],
          ['case-2', kept],
        ]),
      );
      expect(filesHolding(directory.path, destroyed.wrapped)).toEqual(['data-keys.db-wal']);

      await store.destroyKeys(['case-1']);

      expect(filesHolding(directory.path, destroyed.wrapped)).toEqual([]);
      expect(filesHolding(directory.path, kept.wrapped)).not.toEqual([]);
      expect(readdirSync(directory.path).sort()).toEqual(['data-keys.db', 'data-keys.db-shm', 'data-keys.db-wal']);
    });

    it('leaves its bytes in no file of the store, the key having been copied into the database file', async () => {
      const destroyed = key();
      const kept = key();
      const first = SqliteDataKeyStore.open(file());
      await first.addKeys(
        new Map([
          ['case-1', destroyed],
          ['case-2', kept],
        ]),
      );
      // The last connection to close copies the WAL into the database file.
      await first.close();
      expect(filesHolding(directory.path, destroyed.wrapped)).toEqual(['data-keys.db']);
      const store = opened(SqliteDataKeyStore.open(file()));
      const reader = opened(SqliteDataKeyStore.open(file()));
      expect(wrappedOf((await reader.keysOf(['case-1'])).get('case-1')).wrapped.equals(destroyed.wrapped)).toBe(true);

      await store.destroyKeys(['case-1']);

      expect(filesHolding(directory.path, destroyed.wrapped)).toEqual([]);
      expect(filesHolding(directory.path, kept.wrapped)).toEqual(['data-keys.db']);
      expect(readdirSync(directory.path).sort()).toEqual(['data-keys.db', 'data-keys.db-shm', 'data-keys.db-wal']);
      expect((await reader.keysOf(['case-1'])).get('case-1')).toBe(DESTROYED);
    });
  });
});
