import { PERSONAL_FIELDS } from '@lib/domain';
import type { NewEvent } from '@lib/event-store';
import { EventSealing } from '@lib/personal-data';
import { openDataKeys } from '../../apps/supportcase-service/src/stores/open-stores';

/** Events as a service with this configuration stores them: personal values sealed under its data keys. */
export async function sealedAs(
  config: Parameters<typeof openDataKeys>[0],
  streamId: string,
  events: readonly NewEvent[],
): Promise<NewEvent[]> {
  const keys = await openDataKeys(config);
  try {
    return await new EventSealing(keys, PERSONAL_FIELDS).seal(streamId, events);
  } finally {
    await keys.close();
  }
}
