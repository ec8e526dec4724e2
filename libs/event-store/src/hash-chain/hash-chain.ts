import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import {
  START_OF_LOG,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port';

/** The `previousHash` of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an event's hash covers: where it stands, what it is, and its metadata but the hash itself. */
interface HashedContent {
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** SHA-256, lower-case hex, of the content's RFC 8785 canonical JSON. */
export function eventHash({ streamId, revision, type, data, metadata }: HashedContent): string {
  const { hash: _hash, ...covered } = metadata;
  const canonical = canonicalize({ streamId, revision, type, data, metadata: covered });
  if (canonical === undefined) throw new TypeError(`${streamId}@${revision}: the event is no JSON value`);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * New events linked onto a stream's chain, the first at `firstRevision`, after the event whose
 * hash is `previousHash`: each one's metadata gains `previousHash` and `hash`.
 */
export function linked(
  streamId: string,
  events: readonly NewEvent[],
  firstRevision: number,
  previousHash: string,
): NewEvent[] {
  let previous = previousHash;
  return events.map((event, index) => {
    const metadata = { ...event.metadata, previousHash: previous };
    const hash = eventHash({ streamId, revision: firstRevision + index, type: event.type, data: event.data, metadata });
    previous = hash;
    return { ...event, metadata: { ...metadata, hash } };
  });
}

/** The hash a stored event carries; a store written before events were chained is refused here. */
export function hashOf(event: RecordedEvent): string {
  const { hash } = event.metadata;
  if (typeof hash !== 'string') {
    throw new Error(
      `${event.streamId}@${event.revision} carries no hash: this store was written before events were chained`,
    );
  }
  return hash;
}

export interface ChainVerdict {
  readonly ok: boolean;
  /** How many events were checked. */
  readonly events: number;
  /** The revision of the first event that does not hold. */
  readonly brokenAt?: number;
  readonly reason?: string;
}

/** Recomputes a stream's chain from its first event: every revision in place, every link and hash intact. */
export function verifyChain(history: readonly RecordedEvent[]): ChainVerdict {
  let previous = GENESIS_HASH;
  for (const [index, event] of history.entries()) {
    const reason = faultOf(event, index, previous);
    if (reason) return { ok: false, events: history.length, brokenAt: index, reason };
    previous = event.metadata.hash as string;
  }
  return { ok: true, events: history.length };
}

function faultOf(event: RecordedEvent, index: number, previous: string): string | undefined {
  if (event.revision !== index) return `revision ${event.revision} stands where ${index} belongs`;
  if (typeof event.metadata.hash !== 'string') return 'the event carries no hash';
  if (event.metadata.previousHash !== previous) return 'previousHash is not the hash of the event before';
  if (event.metadata.hash !== eventHash(event)) return 'the hash does not match the event';
  return undefined;
}

/**
 * True when the store's first event carries no hash: the store was written before events were
 * chained. The whole store is judged by its first event, as the chain started with the store.
 */
export async function writtenBeforeChaining(store: EventStore): Promise<boolean> {
  const [first] = await store.readAll({ after: START_OF_LOG, maxCount: 1 });
  return first !== undefined && typeof first.metadata.hash !== 'string';
}
