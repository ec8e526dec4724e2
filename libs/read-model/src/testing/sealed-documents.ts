import { join } from 'node:path';
import { DataKeys, resolveKeyEncryptionKey, SqliteDataKeyStore } from '@lib/personal-data';
import { dataKeysInMemory } from '@lib/personal-data/testing';
import { SealedDocuments } from '../sealed-documents';

/** Documents sealed under keys this process alone holds. */
export async function documentsInMemory(): Promise<SealedDocuments> {
  return new SealedDocuments(await dataKeysInMemory());
}

/** Documents sealed under keys kept in `dir`, as the service keeps them, for processes that share them. */
export async function documentsIn(
  dir: string,
): Promise<{ keys: DataKeys; documents: SealedDocuments; close(): Promise<void> }> {
  const keys = await DataKeys.open(
    SqliteDataKeyStore.open(join(dir, 'keys.sqlite')),
    resolveKeyEncryptionKey({ dataDir: dir }),
  );
  return { keys, documents: new SealedDocuments(keys), close: () => keys.close() };
}
