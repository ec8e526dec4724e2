export { UnopenableValue } from './aes-gcm';
export { DataKey, isSealed, SEALED_PREFIX } from './data-key';
export {
  DataKeys,
  DestroyedDataKey,
  MissingDataKey,
  rotateKeyEncryptionKey,
  WrongKeyEncryptionKey,
  type DataKeysOptions,
  type KeyOrDestroyed,
} from './data-keys';
export {
  DATA_ENCRYPTION_KEY_FILE,
  KeyEncryptionKey,
  resolveKeyEncryptionKey,
  type KeyEncryptionKeyOptions,
  type ResolvedKeyEncryptionKey,
} from './key-encryption-key';
export * from './key-store/data-key-store.port';
export { PostgresDataKeyStore } from './key-store/postgres-data-key.store';
export { SqliteDataKeyStore } from './key-store/sqlite-data-key.store';
export { EventSealing, UnsealedValue, type OpenedValues } from './sealing/event-sealing';
export { OpenedEventStore } from './sealing/opened-event-store';
export { SealedSnapshots } from './sealing/sealed-snapshots';
export type { PersonalFieldPaths } from './sealing/personal-values';
