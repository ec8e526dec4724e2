import { generateKeyPairSync } from 'node:crypto';
import { GENESIS_HASH, linked, type NewEvent, type RecordedEvent } from '@lib/event-store';
import { MerkleTree } from '../../merkle/merkle-tree';
import { AuditSigningKey } from '../../signed-head/signing-key';
import type { SignedTreeHead } from '../../signed-head/tree-head';
import { leafOf, type AuditLeaf } from '../../store/audit-log-store.port';

/** What verification reads from a store: its events in log order, the sealer's leaves and heads. */
export interface AuditSnapshot {
  readonly events: readonly RecordedEvent[];
  readonly leaves: readonly AuditLeaf[];
  readonly heads: readonly SignedTreeHead[];
}

/** A fresh Ed25519 key, as the service would generate into DATA_DIR. */
export function newAuditSigningKey(): AuditSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return AuditSigningKey.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

/** The leaves the sealer stores for these events, one per event in log order. */
export function leavesOf(events: readonly RecordedEvent[]): AuditLeaf[] {
  return events.map((event, leafIndex) => leafOf(event, leafIndex));
}

/** Heads signed with `key` over the events' tree at each size. */
export function headsOf(
  events: readonly RecordedEvent[],
  treeSizes: readonly number[],
  key: AuditSigningKey,
  timestamp = '2026-03-01T12:00:00.000Z',
): SignedTreeHead[] {
  const tree = MerkleTree.of(events.map((event) => event.metadata.hash as string));
  return treeSizes.map((treeSize) => key.sign({ treeSize, rootHash: tree.rootHash(treeSize), timestamp }));
}

/**
 * Events of `streams` streams, `perStream` each, interleaved in the global log as writers
 * would: stream by stream in turn, each stream's chain linked from the genesis hash.
 */
export function chainedEvents(streams: number, perStream: number, streamPrefix = 'stream-'): RecordedEvent[] {
  const ids = Array.from({ length: streams }, (_, n) => `${streamPrefix}${n.toString(16).padStart(4, '0')}`);
  const chains = new Map(
    ids.map((streamId) => [
      streamId,
      linked(
        streamId,
        Array.from({ length: perStream }, (_, revision) => newEvent(streamId, revision)),
        0,
        GENESIS_HASH,
      ),
    ]),
  );
  const events: RecordedEvent[] = [];
  for (let revision = 0; revision < perStream; revision++) {
    for (const streamId of ids) {
      const event = (chains.get(streamId) as NewEvent[])[revision];
      const position = events.length + 1;
      events.push({
        ...event,
        streamId,
        revision,
        position: { commit: position, prepare: position },
        recordedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, position)).toISOString(),
      });
    }
  }
  return events;
}

function newEvent(streamId: string, revision: number): NewEvent {
  return {
    id: `${streamId}-${revision}`,
    type: revision === 0 ? 'Opened' : 'Noted',
    data: { note: `note ${revision} of ${streamId}`, amount: revision / 4, tags: ['a', revision] },
    metadata: {
      actor: { employee: `employee-${revision % 3}`, accessLevel: 'ADMIN' },
      occurredAt: new Date(Date.UTC(2026, 2, 1, revision)).toISOString(),
      correlationId: `request-${streamId}-${revision}`,
    },
  };
}

/**
 * The events with one stream's events from `revision` on replaced by `replace` and rechained:
 * an attacker without the key rewriting history and every later hash of the chain.
 */
export function rewritten(
  events: readonly RecordedEvent[],
  streamId: string,
  revision: number,
  replace: (event: RecordedEvent) => RecordedEvent,
): RecordedEvent[] {
  const stream = events.filter((event) => event.streamId === streamId);
  const previousHash = revision === 0 ? GENESIS_HASH : (stream[revision - 1].metadata.hash as string);
  const later = stream.slice(revision).map((event, index) => (index === 0 ? replace(event) : event));
  const relinked = linked(streamId, later, revision, previousHash);
  const byRevision = new Map(relinked.map((event, index) => [revision + index, event]));
  return events.map((event) => {
    const replacement = event.streamId === streamId ? byRevision.get(event.revision) : undefined;
    return replacement
      ? { ...event, type: replacement.type, data: replacement.data, metadata: replacement.metadata }
      : event;
  });
}
