import { join } from 'node:path';
import { PERSONAL_FIELDS } from '@lib/domain';
import { DataKeys, EventSealing, resolveKeyEncryptionKey, SqliteDataKeyStore } from '@lib/personal-data';

/** The data keys the service keeps in `dataDir`, and the sealing it stores events with. */
export interface ServiceSealing {
  readonly keys: DataKeys;
  readonly sealing: EventSealing;
}

/**
 * Runs `work` with the keys and sealing of the service's data directory, as the service opens
 * them, so events the bench writes straight into the store read as the service's own.
 */
export async function withServiceSealing<T>(
  dataDir: string,
  work: (sealing: ServiceSealing) => Promise<T>,
): Promise<T> {
  const keys = await DataKeys.open(
    SqliteDataKeyStore.open(join(dataDir, 'keys.sqlite')),
    resolveKeyEncryptionKey({ dataDir }),
  );
  try {
    return await work({ keys, sealing: new EventSealing(keys, PERSONAL_FIELDS) });
  } finally {
    await keys.close();
  }
}
