import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnopenableValue } from './aes-gcm';
import { eventually } from '../../../test/support/eventually';
import type { DataKey } from './data-key';
import {
  DataKeys,
  DestroyedDataKey,
  MissingDataKey,
  rotateKeyEncryptionKey,
  WrongKeyEncryptionKey,
  type DataKeysOptions,
  type KeyOrDestroyed,
} from './data-keys';
import { KeyEncryptionKey, type ResolvedKeyEncryptionKey } from './key-encryption-key';
import { DESTROYED, type StoredKey, type WrappedKey } from './key-store/data-key-store.port';
import { SqliteDataKeyStore } from './key-store/sqlite-data-key.store';

/** The error `promise` rejects with; fails the test when it resolves. */
/** The key, failing the test when the subject's key was destroyed or not answered at all. */
function usable(key: KeyOrDestroyed | undefined): DataKey {
  if (key === undefined || key === DESTROYED) throw new Error(`expected a data key, got ${key}`);
  return key;
}

/** The wrapped key as stored, failing the test when the store answers it destroyed or not at all. */
function wrappedOf(key: StoredKey | undefined): WrappedKey {
  if (key === undefined || key === DESTROYED) throw new Error(`expected a stored key, got ${key}`);
  return key;
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (error: Error) => error,
  );
}

describe('DataKeys', () => {
  let directory: string;
  let file: string;
  let keyEncryptionKey: ResolvedKeyEncryptionKey;
  const closeAfterTest: { close(): Promise<void> }[] = [];

  function opened<T extends { close(): Promise<void> }>(closable: T): T {
    closeAfterTest.push(closable);
    return closable;
  }

  /** A store on the test's file, closed after the test. */
  function openStore(): SqliteDataKeyStore {
    return opened(SqliteDataKeyStore.open(file));
  }

  /** Data keys over their own store on the test's file, as another process opens them. */
  function openKeys(under = keyEncryptionKey, options?: DataKeysOptions): Promise<DataKeys> {
    return DataKeys.open(openStore(), under, options);
  }

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'data-keys-'));
    file = join(directory, 'data-keys.db');
    keyEncryptionKey = { key: KeyEncryptionKey.generate(), source: 'DATA_ENCRYPTION_KEY' };
  });

  afterEach(async () => {
    await Promise.all(closeAfterTest.splice(0).map((closable) => closable.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  describe('keysFor', () => {
    it('creates a subject’s key once and answers the same key later', async () => {
      const keys = await openKeys();

      const first = usable((await keys.keysFor(['case-1'])).get('case-1'));
      const later = usable((await keys.keysFor(['case-1'])).get('case-1'));

      expect(later.open('data.name', first.seal('data.name', 'Ada Lovelace'))).toBe('Ada Lovelace');
      expect(first.open('data.name', later.seal('data.name', 'Ada Lovelace'))).toBe('Ada Lovelace');
    });

    it('stores the key it creates, wrapped, before answering it', async () => {
      const keys = await openKeys();
      const sealed = (await keys.keyFor('case-1')).seal('data.name', 'Ada Lovelace');

      const reopened = await openKeys();

      expect(usable((await reopened.keysOf(['case-1'])).get('case-1')).open('data.name', sealed)).toBe('Ada Lovelace');
      const stored = wrappedOf((await openStore().keysOf(['case-1'])).get('case-1'));
      expect(stored.keyEncryptionKeyId).toBe(keyEncryptionKey.key.id);
      expect(keyEncryptionKey.key.unwrap('case-1', stored.wrapped)).toHaveLength(32);
    });

    it('gives each subject a key of its own', async () => {
      const keys = await openKeys();

      const both = await keys.keysFor(['case-1', 'case-2']);

      expect(() =>
        usable(both.get('case-2')).open('data.name', usable(both.get('case-1')).seal('data.name', 'Ada')),
      ).toThrow(UnopenableValue);
    });

    it('keeps the keys subjects have, and creates those missing in one write', async () => {
      const store = openStore();
      const keys = await DataKeys.open(store, keyEncryptionKey);
      const sealed = (await keys.keyFor('case-1')).seal('data.name', 'Ada Lovelace');
      const addKeys = jest.spyOn(store, 'addKeys');

      const found = await keys.keysFor(['case-1', 'case-2', 'case-3']);

      expect([...found.keys()]).toEqual(['case-1', 'case-2', 'case-3']);
      expect(usable(found.get('case-1')).open('data.name', sealed)).toBe('Ada Lovelace');
      expect(addKeys).toHaveBeenCalledTimes(1);
      expect([...addKeys.mock.calls[0][0].keys()]).toEqual(['case-2', 'case-3']);
    });

    it('writes nothing when every subject has its key', async () => {
      const store = openStore();
      const keys = await DataKeys.open(store, keyEncryptionKey);
      await keys.keysFor(['case-1', 'case-2']);
      const addKeys = jest.spyOn(store, 'addKeys');

      await keys.keysFor(['case-2', 'case-1']);
      await (await openKeys()).keysFor(['case-1', 'case-2']);

      expect(addKeys).not.toHaveBeenCalled();
    });
  });

  describe('shared by two processes', () => {
    it('lets data keys over the same store file open what the other sealed', async () => {
      const ours = await openKeys();
      const theirs = await openKeys();

      const sealed = (await ours.keyFor('case-1')).seal('data.name', 'Ada Lovelace');

      expect(usable((await theirs.keysOf(['case-1'])).get('case-1')).open('data.name', sealed)).toBe('Ada Lovelace');
      expect((await theirs.keyFor('case-1')).open('data.name', sealed)).toBe('Ada Lovelace');
    });

    it('gives both the one key when both create a subject’s key at once', async () => {
      const ours = await openKeys();
      const theirs = await openKeys();

      const [ourKey, theirKey] = await Promise.all([ours.keyFor('case-1'), theirs.keyFor('case-1')]);

      expect(theirKey.open('data.name', ourKey.seal('data.name', 'Ada Lovelace'))).toBe('Ada Lovelace');
      expect(ourKey.open('data.name', theirKey.seal('data.name', 'Ada Lovelace'))).toBe('Ada Lovelace');
    });
  });

  describe('keysOf', () => {
    it('answers the keys of subjects that have one', async () => {
      const keys = await openKeys();
      const sealed = (await keys.keyFor('case-1')).seal('data.name', 'Ada Lovelace');

      const found = await (await openKeys()).keysOf(new Set(['case-1']));

      expect(usable(found.get('case-1')).open('data.name', sealed)).toBe('Ada Lovelace');
    });

    it('refuses a subject without a key, naming it, and creates none', async () => {
      const keys = await openKeys();
      await keys.keyFor('case-1');

      const error = await rejectionOf(keys.keysOf(['case-1', 'case-2']));

      expect(error).toBeInstanceOf(MissingDataKey);
      expect(error.message).toContain('case-2');
      expect([...(await openStore().keysOf(['case-1', 'case-2'])).keys()]).toEqual(['case-1']);
    });
  });

  describe('destroy', () => {
    it('makes keysOf and keysFor answer DESTROYED and keyFor refuse, at once, though the key was cached', async () => {
      const keys = await openKeys();
      await keys.keyFor('case-1');
      const sealed = (await keys.keyFor('case-2')).seal('data.name', 'Grace Hopper');

      await keys.destroy('case-1');

      expect((await keys.keysOf(['case-1'])).get('case-1')).toBe(DESTROYED);
      const found = await keys.keysFor(['case-1', 'case-2']);
      expect(found.get('case-1')).toBe(DESTROYED);
      expect(usable(found.get('case-2')).open('data.name', sealed)).toBe('Grace Hopper');
      const error = await rejectionOf(keys.keyFor('case-1'));
      expect(error).toBeInstanceOf(DestroyedDataKey);
      expect(error.message).toContain('case-1');
    });

    it('destroys the key in the store, for data keys opened on it later too', async () => {
      const keys = await openKeys();
      await keys.keyFor('case-1');

      await keys.destroy('case-1');

      expect((await openStore().keysOf(['case-1'])).get('case-1')).toBe(DESTROYED);
      const later = await openKeys();
      expect((await later.keysOf(['case-1'])).get('case-1')).toBe(DESTROYED);
      await expect(later.keyFor('case-1')).rejects.toThrow(DestroyedDataKey);
    });

    it('creates no key for a destroyed subject, while creating those of the others', async () => {
      const store = openStore();
      const keys = await DataKeys.open(store, keyEncryptionKey);
      await keys.keyFor('case-1');
      await keys.destroy('case-1');
      await keys.destroy('case-3');
      const addKeys = jest.spyOn(store, 'addKeys');

      const found = await keys.keysFor(['case-1', 'case-2', 'case-3']);

      expect(found.get('case-1')).toBe(DESTROYED);
      expect(found.get('case-3')).toBe(DESTROYED);
      usable(found.get('case-2'));
      expect(addKeys).toHaveBeenCalledTimes(1);
      expect([...addKeys.mock.calls[0][0].keys()]).toEqual(['case-2']);
      expect([...(await openStore().keysOf(['case-1', 'case-3'])).values()]).toEqual([DESTROYED, DESTROYED]);
    });

    it('takes a subject never keyed, which keysOf then answers DESTROYED rather than missing', async () => {
      const keys = await openKeys();

      await keys.destroy('case-9');

      expect((await keys.keysOf(['case-9'])).get('case-9')).toBe(DESTROYED);
      expect((await keys.keysFor(['case-9'])).get('case-9')).toBe(DESTROYED);
      await expect(keys.keyFor('case-9')).rejects.toThrow(DestroyedDataKey);
    });

    describe('by another process', () => {
      it('stops the key opening in data keys that had it cached once their cachedForMs passed', async () => {
        const ours = await openKeys();
        const theirs = await openKeys(keyEncryptionKey, { cachedForMs: 50 });
        const sealed = (await ours.keyFor('case-1')).seal('data.name', 'Ada Lovelace');
        expect(usable((await theirs.keysOf(['case-1'])).get('case-1')).open('data.name', sealed)).toBe('Ada Lovelace');

        await ours.destroy('case-1');

        await eventually(
          'the key of case-1 cached by the other data keys answered DESTROYED',
          async () => ((await theirs.keysOf(['case-1'])).get('case-1') === DESTROYED ? true : undefined),
          { timeoutMs: 10_000, intervalMs: 10 },
        );
        await expect(theirs.keyFor('case-1')).rejects.toThrow(DestroyedDataKey);
        expect((await theirs.keysFor(['case-1'])).get('case-1')).toBe(DESTROYED);
      });

      it('leaves the key cached, and opening, while cachedForMs lasts: the bound on erasing everywhere', async () => {
        const ours = await openKeys();
        const store = openStore();
        const theirs = await DataKeys.open(store, keyEncryptionKey, { cachedForMs: 60_000 });
        const sealed = (await ours.keyFor('case-1')).seal('data.name', 'Ada Lovelace');
        await theirs.keysOf(['case-1']);
        const keysOf = jest.spyOn(store, 'keysOf');

        await ours.destroy('case-1');

        expect(usable((await theirs.keysOf(['case-1'])).get('case-1')).open('data.name', sealed)).toBe('Ada Lovelace');
        expect(keysOf).not.toHaveBeenCalled();
      });
    });
  });

  describe('open', () => {
    it('records the id of its key-encryption key in a new store', async () => {
      await openKeys();

      expect(await openStore().keyEncryptionKeyId('another id')).toBe(keyEncryptionKey.key.id);
    });

    it('refuses a key-encryption key other than the one the store recorded, naming its source and no key', async () => {
      await openKeys();
      const other: ResolvedKeyEncryptionKey = { key: KeyEncryptionKey.generate(), source: '/data/data-encryption-key' };

      const error = await rejectionOf(openKeys(other));

      expect(error).toBeInstanceOf(WrongKeyEncryptionKey);
      expect(error.message).toContain('/data/data-encryption-key');
      expect(error.message).toContain(other.key.id);
      expect(error.message).toContain(keyEncryptionKey.key.id);
      expect(error.message).not.toContain(other.key.toBase64());
      expect(error.message).not.toContain(keyEncryptionKey.key.toBase64());
    });
  });

  describe('a stored key changed at rest', () => {
    /** Changes the store file as someone with access to it would, behind the stores' backs. */
    function alterStoredKeys(sql: string, ...params: unknown[]): void {
      const db = new Database(file);
      try {
        expect(db.prepare(sql).run(...params).changes).toBeGreaterThan(0);
      } finally {
        db.close();
      }
    }

    it('is refused as not wrapped under the key-encryption key, when its bytes were altered', async () => {
      const wrapped = wrappedOf(
        (await openStore().addKeys(new Map([['case-1', newWrappedKey('case-1')]]))).get('case-1'),
      );
      const altered = Buffer.from(wrapped.wrapped);
      altered[altered.length - 1] ^= 0x01;
      alterStoredKeys('UPDATE data_keys SET wrapped = ? WHERE subject = ?', altered, 'case-1');
      const keys = await openKeys();

      await expect(keys.keysOf(['case-1'])).rejects.toThrow(WrongKeyEncryptionKey);
      await expect(keys.keyFor('case-1')).rejects.toThrow(WrongKeyEncryptionKey);
    });

    it('is refused when it is another subject’s key', async () => {
      await openStore().addKeys(new Map([['case-1', newWrappedKey('case-1')]]));
      alterStoredKeys('UPDATE data_keys SET subject = ? WHERE subject = ?', 'case-2', 'case-1');
      const keys = await openKeys();

      await expect(keys.keysOf(['case-2'])).rejects.toThrow(WrongKeyEncryptionKey);
    });

    it('is refused, naming both key ids, when it is recorded under another key-encryption key', async () => {
      await openStore().addKeys(new Map([['case-1', newWrappedKey('case-1')]]));
      alterStoredKeys('UPDATE data_keys SET key_encryption_key_id = ? WHERE subject = ?', 'feedfacefeedface', 'case-1');
      const keys = await openKeys();

      const error = await rejectionOf(keys.keysOf(['case-1']));

      expect(error).toBeInstanceOf(WrongKeyEncryptionKey);
      expect(error.message).toContain('feedfacefeedface');
      expect(error.message).toContain(keyEncryptionKey.key.id);
    });

    function newWrappedKey(subject: string) {
      return {
        keyEncryptionKeyId: keyEncryptionKey.key.id,
        wrapped: keyEncryptionKey.key.wrap(subject, Buffer.alloc(32, 7)),
      };
    }
  });

  describe('with a bounded cache', () => {
    const subjects = ['case-1', 'case-2', 'case-3', 'case-4', 'case-5'];

    /** One value sealed under each subject's key, by data keys other than the ones under test. */
    async function sealedValues(): Promise<Map<string, string>> {
      const keys = await (await openKeys()).keysFor(subjects);
      return new Map(
        subjects.map((subject) => [subject, usable(keys.get(subject)).seal('data.name', `name of ${subject}`)]),
      );
    }

    it('answers the right key of a subject evicted from the cache, reading it from the store again', async () => {
      const sealed = await sealedValues();
      const store = openStore();
      const keys = await DataKeys.open(store, keyEncryptionKey, { capacity: 2 });
      const keysOf = jest.spyOn(store, 'keysOf');

      for (const subject of subjects) {
        expect((await keys.keyFor(subject)).open('data.name', sealed.get(subject)!)).toBe(`name of ${subject}`);
      }
      const readsWhileFilling = keysOf.mock.calls.length;
      for (const subject of subjects) {
        expect((await keys.keyFor(subject)).open('data.name', sealed.get(subject)!)).toBe(`name of ${subject}`);
      }

      expect(readsWhileFilling).toBe(subjects.length);
      expect(keysOf.mock.calls.length).toBe(2 * subjects.length);
    });

    it('serves the most recently used subjects from the cache', async () => {
      const sealed = await sealedValues();
      const store = openStore();
      const keys = await DataKeys.open(store, keyEncryptionKey, { capacity: 2 });
      await keys.keysOf(['case-1', 'case-2']);
      const keysOf = jest.spyOn(store, 'keysOf');

      const found = await keys.keysOf(['case-2', 'case-1']);

      expect(keysOf).not.toHaveBeenCalled();
      expect(usable(found.get('case-1')).open('data.name', sealed.get('case-1')!)).toBe('name of case-1');
    });

    it('answers the right keys of more subjects at once than the cache holds', async () => {
      const sealed = await sealedValues();
      const keys = await openKeys(keyEncryptionKey, { capacity: 2 });

      const found = await keys.keysOf(subjects);

      for (const subject of subjects) {
        expect(usable(found.get(subject)).open('data.name', sealed.get(subject)!)).toBe(`name of ${subject}`);
      }
      const created = await keys.keysFor([...subjects, 'case-6', 'case-7']);
      for (const subject of subjects) {
        expect(usable(created.get(subject)).open('data.name', sealed.get(subject)!)).toBe(`name of ${subject}`);
      }
    });
  });

  it('closes its store', async () => {
    const store = SqliteDataKeyStore.open(file);
    const keys = await DataKeys.open(store, keyEncryptionKey);

    await keys.close();

    await expect(store.keysOf(['case-1'])).rejects.toThrow(/not open/);
  });
});

describe('rotateKeyEncryptionKey', () => {
  it('re-wraps every key under the new key-encryption key, which then opens what the old one sealed', async () => {
    const store = SqliteDataKeyStore.inMemory();
    const current = { key: KeyEncryptionKey.generate(), source: 'DATA_ENCRYPTION_KEY' };
    const next = KeyEncryptionKey.generate();
    const before = await DataKeys.open(store, current);
    const sealed = ((await before.keyFor('case-1')) as DataKey).seal('data.name', 'Ada');
    await before.keyFor('case-2');

    expect(await rotateKeyEncryptionKey(store, current, next)).toBe(2);

    const after = await DataKeys.open(store, { key: next, source: 'the new key' });
    expect((await after.keyFor('case-1')).open('data.name', sealed)).toBe('Ada');
    await expect(DataKeys.open(store, current)).rejects.toBeInstanceOf(WrongKeyEncryptionKey);
    expect(await rotateKeyEncryptionKey(store, current, next)).toBe(0);
  });

  it('refuses a store under neither key, changing nothing', async () => {
    const store = SqliteDataKeyStore.inMemory();
    const recorded = { key: KeyEncryptionKey.generate(), source: 'DATA_ENCRYPTION_KEY' };
    await (await DataKeys.open(store, recorded)).keyFor('case-1');
    const stranger = { key: KeyEncryptionKey.generate(), source: 'a wrong key' };

    await expect(rotateKeyEncryptionKey(store, stranger, KeyEncryptionKey.generate())).rejects.toThrow(
      /wrapped under key [0-9a-f]{16}, neither the key from a wrong key/,
    );
    expect(await store.keyEncryptionKeyId('any')).toBe(recorded.key.id);
  });
});
