import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { EventStore, START_OF_LOG, writtenBeforeChaining } from '@lib/event-store';
import { MissingDataKey, UnopenableValue, type EventSealing } from '@lib/personal-data';

/** The event store, unless it was written in a format this version does not read, or its keys are not at hand. */
export async function readable(opening: EventStore | Promise<EventStore>, sealing: EventSealing): Promise<EventStore> {
  const store = await opening;
  try {
    await refuseUnreadable(store, sealing);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

const WAY_OUT =
  'read its cases out with the version that wrote it (GET /iptv/supportcase/:id), and create them again ' +
  'through this version on an empty DATA_DIR (or event store)';

/**
 * Formats never mix: a store written before events were chained, or before personal values
 * were sealed, is refused whole, with the way out. So is a key store that cannot open the
 * events: nothing is served that could not be read.
 */
async function refuseUnreadable(store: EventStore, sealing: EventSealing): Promise<void> {
  if (await writtenBeforeChaining(store)) {
    throw new Error(
      `the event store was written before events were hash-chained, and this version reads only chained events: ${WAY_OUT}; see AUDIT.md`,
    );
  }
  const [first] = await store.readAll({ after: START_OF_LOG, maxCount: 1, streamPrefix: SUPPORT_CASE_STREAM_PREFIX });
  if (first === undefined) return;
  if (sealing.unsealedPaths(first).length > 0) {
    throw new Error(
      `the event store was written before personal data was sealed, and this version reads only sealed events: ${WAY_OUT}; see PRIVACY.md`,
    );
  }
  try {
    await sealing.open([first]);
  } catch (error) {
    if (!(error instanceof MissingDataKey || error instanceof UnopenableValue)) throw error;
    throw new Error(
      `the key store does not open the stored events (${error.message}): it is not the key store they were ` +
        'written with; restore the key store from the backup the events came from; see PRIVACY.md',
    );
  }
}
