import { GENESIS_HASH, hashOf, linked } from '../hash-chain';
import type { AppendResult, EventStore, NewEvent } from '../event-store.port';

/** Appends events as another writer of the stream would: linked onto its chain, at its current revision. */
export async function appendLinked(
  store: EventStore,
  streamId: string,
  events: readonly NewEvent[],
): Promise<AppendResult> {
  const last = (await store.readStream(streamId)).at(-1);
  const previousHash = last ? hashOf(last) : GENESIS_HASH;
  const firstRevision = last ? last.revision + 1 : 0;
  return store.appendToStream(
    streamId,
    linked(streamId, events, firstRevision, previousHash),
    last?.revision ?? 'no_stream',
  );
}
