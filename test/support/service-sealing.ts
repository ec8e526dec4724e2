import { PERSONAL_FIELDS } from '@lib/domain';
import type { NewEvent } from '@lib/event-store';
import { EventSealing } from '@lib/personal-data';
import { documentsIn } from '@lib/read-model/testing';

/** Events as the service in `dataDir` stores them: personal values sealed under the data keys it keeps there. */
export async function sealedAsIn(dataDir: string, streamId: string, events: readonly NewEvent[]): Promise<NewEvent[]> {
  const { keys, close } = await documentsIn(dataDir);
  try {
    return await new EventSealing(keys, PERSONAL_FIELDS).seal(streamId, events);
  } finally {
    await close();
  }
}
