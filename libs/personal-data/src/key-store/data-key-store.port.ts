/** A subject's data key as a key store keeps it: sealed under a key-encryption key, named by its id. */
export interface WrappedKey {
  readonly keyEncryptionKeyId: string;
  readonly wrapped: Buffer;
}

/** What a store answers for a subject whose key was destroyed: its data can never be opened again. */
export const DESTROYED = 'destroyed';

/** A subject's key as stored, or the mark that it was destroyed. */
export type StoredKey = WrappedKey | typeof DESTROYED;

/**
 * Where wrapped data keys live, apart from the data they encrypt: a backup of the events alone
 * then carries no key. Adapters: SQLite (its own file in DATA_DIR), PostgreSQL (its own table).
 * Every adapter passes `data-key-store.contract.ts`.
 */
export abstract class DataKeyStore {
  /** The keys the store holds for these subjects, or DESTROYED; a subject never keyed is absent from the map. */
  abstract keysOf(subjects: readonly string[]): Promise<Map<string, StoredKey>>;

  /**
   * Keeps each key unless its subject has one already or had one destroyed, durably and all at
   * once; answers each subject's key, or DESTROYED, either way.
   */
  abstract addKeys(keys: ReadonlyMap<string, WrappedKey>): Promise<Map<string, StoredKey>>;

  /**
   * Destroys the subjects' keys durably, leaving only the mark that they were: no copy of a
   * key's bytes stays in the store's files, its journal included, so whatever they sealed is
   * erased wherever it was copied.
   */
  abstract destroyKeys(subjects: readonly string[]): Promise<void>;

  /**
   * The id of the key-encryption key the store's keys are wrapped under. The first id offered is
   * recorded and answered ever after, so a process given another key can be stopped at start.
   */
  abstract keyEncryptionKeyId(offered: string): Promise<string>;

  /**
   * In one transaction: every key wrapped under key-encryption key `from` re-wrapped by `rewrap`
   * and recorded under `to`, and `to` recorded as the store's key-encryption key. Answers how many
   * keys were re-wrapped.
   */
  abstract rewrapKeys(from: string, to: string, rewrap: (subject: string, wrapped: Buffer) => Buffer): Promise<number>;

  abstract close(): Promise<void>;
}
