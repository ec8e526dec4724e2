import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { modesUnder } from '@lib/private-files/testing';
import { describeDataKeyStoreContract } from './data-key-store.contract';
import { SqliteDataKeyStore } from './sqlite-data-key.store';

function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'data-key-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

describeDataKeyStoreContract('SqliteDataKeyStore', async () => {
  const directory = temporaryDirectory();
  return {
    open: async () => SqliteDataKeyStore.open(join(directory.path, 'data-keys.db')),
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
    expect(found.get('case-1')!.keyEncryptionKeyId).toBe('kek-one');
    expect(found.get('case-1')!.wrapped.equals(wrapped)).toBe(true);
    expect(await store.keyEncryptionKeyId('kek-one')).toBe('kek-one');
    expect(await store.keyEncryptionKeyId('kek-two')).toBe('kek-one');
    expect(modesUnder(directory.path)).toEqual({});
  });
});
