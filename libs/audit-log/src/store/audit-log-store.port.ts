import { hashOf, type LogPosition, type RecordedEvent } from '@lib/event-store';
import type { SignedTreeHead } from '../signed-head/tree-head';

/** One event's place in the Merkle log. */
export interface AuditLeaf {
  /** 0-based; leaves are numbered without gaps in global log order. */
  readonly leafIndex: number;
  /** The event's chain hash (`metadata.hash`), lower-case hex. */
  readonly eventHash: string;
  readonly streamId: string;
  readonly revision: number;
  /** The event's place in the global log: what finds a stored event's leaf. */
  readonly position: LogPosition;
}

/**
 * The leaf of `event`. It holds the hash as stored, not recomputed: an event changed since its
 * append no longer gives that hash, which verification shows at its revision.
 */
export function leafOf(event: RecordedEvent, leafIndex: number): AuditLeaf {
  const { streamId, revision, position } = event;
  return { leafIndex, eventHash: hashOf(event), streamId, revision, position };
}

/**
 * Where the sealer keeps the Merkle log's leaves, its signed heads and its checkpoint: the
 * SQLite file, or PostgreSQL with DATABASE_URL. Every adapter passes `audit-log-store.contract.ts`.
 */
export abstract class AuditLogStore {
  /** The global log position of the last event sealed into a leaf. */
  abstract loadCheckpoint(): Promise<LogPosition>;

  /**
   * Appends leaves and moves the checkpoint in one transaction. The first leaf's index must be
   * the current leaf count: a gap or an overlap is refused and nothing is stored.
   */
  abstract append(leaves: readonly AuditLeaf[], checkpoint: LogPosition): Promise<void>;

  /** How many leaves the log holds. */
  abstract leafCount(): Promise<number>;

  /** Leaves in index order from `fromIndex`, at most `maxCount`. */
  abstract leaves(fromIndex: number, maxCount: number): Promise<AuditLeaf[]>;

  /** The leaves of the events at these log positions, in index order; an event not sealed has none. */
  abstract leavesAt(positions: readonly LogPosition[]): Promise<AuditLeaf[]>;

  /** Stores a signed head; a head for a tree size already signed is refused. */
  abstract saveHead(head: SignedTreeHead): Promise<void>;

  /** The head of the largest tree signed, if any. */
  abstract latestHead(): Promise<SignedTreeHead | undefined>;

  /** The signed heads of trees larger than `afterTreeSize` (by default every head), by tree size. */
  abstract heads(afterTreeSize?: number): Promise<SignedTreeHead[]>;

  abstract close(): Promise<void>;
}
