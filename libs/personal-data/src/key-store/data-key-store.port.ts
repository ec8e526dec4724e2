/** A subject's data key as a key store keeps it: sealed under a key-encryption key, named by its id. */
export interface WrappedKey {
  readonly keyEncryptionKeyId: string;
  readonly wrapped: Buffer;
}

/**
 * Where wrapped data keys live, apart from the data they encrypt: a backup of the events alone
 * then carries no key. Adapters: SQLite (its own file in DATA_DIR), PostgreSQL (its own table).
 * Every adapter passes `data-key-store.contract.ts`.
 */
export abstract class DataKeyStore {
  /** The keys the store holds for these subjects; a subject without one is absent from the map. */
  abstract keysOf(subjects: readonly string[]): Promise<Map<string, WrappedKey>>;

  /**
   * Keeps each key unless its subject has one already, durably and all at once; answers each
   * subject's key either way.
   */
  abstract addKeys(keys: ReadonlyMap<string, WrappedKey>): Promise<Map<string, WrappedKey>>;

  /**
   * The id of the key-encryption key the store's keys are wrapped under. The first id offered is
   * recorded and answered ever after, so a process given another key can be stopped at start.
   */
  abstract keyEncryptionKeyId(offered: string): Promise<string>;

  abstract close(): Promise<void>;
}
