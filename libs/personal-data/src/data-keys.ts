import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { UnopenableValue } from './aes-gcm';
import { DataKey } from './data-key';
import { KEY_BYTES, type KeyEncryptionKey, type ResolvedKeyEncryptionKey } from './key-encryption-key';
import { DESTROYED, type DataKeyStore, type StoredKey, type WrappedKey } from './key-store/data-key-store.port';

const DEFAULT_CAPACITY = 10_000;
/** How long a process may go on using a key another process destroyed: the bound on erasing everywhere. */
const DEFAULT_CACHED_FOR_MS = 60_000;

/** A subject's key, or the mark that it was destroyed. */
export type KeyOrDestroyed = DataKey | typeof DESTROYED;

/** The key-encryption key given is not the one the key store's keys are wrapped under. */
export class WrongKeyEncryptionKey extends Error {
  override readonly name = 'WrongKeyEncryptionKey';
}

/** A subject whose data was written sealed has no key in the store: the store is not the events' own. */
export class MissingDataKey extends Error {
  override readonly name = 'MissingDataKey';
}

/** Nothing more is sealed for a subject whose key was destroyed. */
export class DestroyedDataKey extends Error {
  override readonly name = 'DestroyedDataKey';
}

export interface DataKeysOptions {
  /** Unwrapped keys held at most. */
  readonly capacity?: number;
  /** How long an unwrapped key is held: a key destroyed by another process stops opening after it. */
  readonly cachedForMs?: number;
}

/**
 * Each subject's data key: created on first use, kept wrapped in the key store, held unwrapped
 * in a bounded cache of the subjects used most recently, and destroyed to erase the subject.
 */
export class DataKeys {
  private readonly unwrapped: LRUCache<string, DataKey>;

  private constructor(
    private readonly store: DataKeyStore,
    private readonly keyEncryptionKey: ResolvedKeyEncryptionKey,
    { capacity = DEFAULT_CAPACITY, cachedForMs = DEFAULT_CACHED_FOR_MS }: DataKeysOptions,
  ) {
    this.unwrapped = new LRUCache({ max: capacity, ttl: cachedForMs });
  }

  /**
   * Keys under `store`, wrapped with `keyEncryptionKey`. Throws WrongKeyEncryptionKey when the
   * store was written under another key: nothing is served that could not be opened.
   */
  static async open(
    store: DataKeyStore,
    keyEncryptionKey: ResolvedKeyEncryptionKey,
    options: DataKeysOptions = {},
  ): Promise<DataKeys> {
    const { key, source } = keyEncryptionKey;
    const recorded = await store.keyEncryptionKeyId(key.id);
    if (recorded !== key.id) {
      throw new WrongKeyEncryptionKey(
        `the data encryption key from ${source} (id ${key.id}) is not the key the key store's data keys are ` +
          `wrapped under (id ${recorded}): start with that key; see PRIVACY.md`,
      );
    }
    return new DataKeys(store, keyEncryptionKey, options);
  }

  /** The keys of subjects whose data is stored, or DESTROYED; throws MissingDataKey for a subject the store has no key of. */
  async keysOf(subjects: Iterable<string>): Promise<Map<string, KeyOrDestroyed>> {
    const found = await this.cachedOrStored(subjects);
    for (const [subject, key] of found) if (key === undefined) throw new MissingDataKey(`no data key for ${subject}`);
    return found as Map<string, KeyOrDestroyed>;
  }

  /** A subject's key, created and stored durably first when it has none, so data sealed with it can be stored. */
  async keyFor(subject: string): Promise<DataKey> {
    const key = (await this.keysFor([subject])).get(subject)!;
    if (key === DESTROYED) throw new DestroyedDataKey(`the data key of ${subject} was destroyed`);
    return key;
  }

  /** The keys of these subjects, or DESTROYED; those never keyed are created and stored durably first, in one write. */
  async keysFor(subjects: Iterable<string>): Promise<Map<string, KeyOrDestroyed>> {
    const keys = await this.cachedOrStored(subjects);
    const missing = [...keys].filter(([, key]) => key === undefined).map(([subject]) => subject);
    if (missing.length > 0) {
      const added = await this.store.addKeys(new Map(missing.map((subject) => [subject, this.newWrappedKey(subject)])));
      for (const [subject, stored] of added) keys.set(subject, this.remembered(subject, stored));
    }
    return keys as Map<string, KeyOrDestroyed>;
  }

  /** Destroys the subject's key, here and in the store: whatever it sealed never opens again. */
  async destroy(subject: string): Promise<void> {
    await this.store.destroyKeys([subject]);
    this.unwrapped.delete(subject);
  }

  private newWrappedKey(subject: string): WrappedKey {
    const { key } = this.keyEncryptionKey;
    return { keyEncryptionKeyId: key.id, wrapped: key.wrap(subject, randomBytes(KEY_BYTES)) };
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async cachedOrStored(subjects: Iterable<string>): Promise<Map<string, KeyOrDestroyed | undefined>> {
    const keys = new Map<string, KeyOrDestroyed | undefined>();
    const missing: string[] = [];
    for (const subject of subjects) {
      const key = this.unwrapped.get(subject);
      keys.set(subject, key);
      if (!key) missing.push(subject);
    }
    if (missing.length === 0) return keys;
    const stored = await this.store.keysOf(missing);
    for (const [subject, wrapped] of stored) keys.set(subject, this.remembered(subject, wrapped));
    return keys;
  }

  private remembered(subject: string, stored: StoredKey): KeyOrDestroyed {
    if (stored === DESTROYED) return DESTROYED;
    const { keyEncryptionKeyId, wrapped } = stored;
    const { key, source } = this.keyEncryptionKey;
    if (keyEncryptionKeyId !== key.id) {
      throw new WrongKeyEncryptionKey(
        `the data key of ${subject} is wrapped under key ${keyEncryptionKeyId}, not under the key from ${source} (id ${key.id})`,
      );
    }
    let dataKey: Buffer;
    try {
      dataKey = key.unwrap(subject, wrapped);
    } catch (error) {
      if (!(error instanceof UnopenableValue)) throw error;
      throw new WrongKeyEncryptionKey(`the data key of ${subject} does not unwrap under the key from ${source}`);
    }
    const unwrapped = new DataKey(subject, dataKey);
    this.unwrapped.set(subject, unwrapped);
    return unwrapped;
  }
}

/**
 * Re-wraps every data key of the store under `next`, which the store then records as its
 * key-encryption key; no event changes. Run again, it re-wraps the keys a process still on
 * `current` added meanwhile. Throws WrongKeyEncryptionKey when the store is under neither key.
 */
export async function rotateKeyEncryptionKey(
  store: DataKeyStore,
  { key: current, source }: ResolvedKeyEncryptionKey,
  next: KeyEncryptionKey,
): Promise<number> {
  const recorded = await store.keyEncryptionKeyId(current.id);
  if (recorded !== current.id && recorded !== next.id) {
    throw new WrongKeyEncryptionKey(
      `the key store's data keys are wrapped under key ${recorded}, neither the key from ${source} (id ${current.id}) ` +
        `nor the new one (id ${next.id})`,
    );
  }
  return store.rewrapKeys(current.id, next.id, (subject, wrapped) => {
    try {
      return next.wrap(subject, current.unwrap(subject, wrapped));
    } catch (error) {
      if (!(error instanceof UnopenableValue)) throw error;
      throw new WrongKeyEncryptionKey(`the data key of ${subject} does not unwrap under the key from ${source}`);
    }
  });
}
