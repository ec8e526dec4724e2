import { DataKeys } from '../data-keys';
import { KeyEncryptionKey } from '../key-encryption-key';
import { SqliteDataKeyStore } from '../key-store/sqlite-data-key.store';

/** Data keys in a key store held in memory, under a key-encryption key of their own. */
export function dataKeysInMemory(): Promise<DataKeys> {
  return DataKeys.open(SqliteDataKeyStore.inMemory(), { key: KeyEncryptionKey.generate(), source: 'a test' });
}
