import type { LogPosition, RecordedEvent } from '@lib/event-store';
import { MerkleTree, verifyInclusion } from '../merkle/merkle-tree';
import { verifyTreeHead } from '../signed-head/tree-head-signature';
import type { SignedTreeHead } from '../signed-head/tree-head';
import type { AuditLeaf } from '../store/audit-log-store.port';
import { AuditLogStore } from '../store/audit-log-store.port';
import { loadTree } from './load-tree';

export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly auditPath: string[];
}

/** Where a stream's newest sealed event stands in the newest signed head. */
export interface SealedBy extends SignedTreeHead {
  readonly leafIndex: number;
  readonly revision: number;
}

/** Proven: the head vouches for the stream up to that event; or the revision where it does not hold. */
export type SealVerdict =
  | { readonly sealed: false }
  | { readonly sealed: true; readonly sealedBy: SealedBy }
  | { readonly sealed: true; readonly brokenAt: number; readonly reason: string };

export interface ConsistencyProof {
  readonly first: number;
  readonly second: number;
  readonly proof: string[];
}

/** Why a proof cannot be given: the caller asked for something the log does not hold. */
export class ProofUnavailable extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProofUnavailable';
  }
}

/**
 * The Merkle log as the sealer stored it, read for proofs. It may run in another process than
 * the sealer: each read first takes in the leaves stored since the last one.
 */
export class SealedLog {
  private readonly tree = MerkleTree.of([]);
  private loading: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: AuditLogStore) {}

  latestHead(): Promise<SignedTreeHead | undefined> {
    return this.store.latestHead();
  }

  /** Each event's leaf index where it is sealed, in the order of `events`. */
  async leafIndexesOf(events: readonly RecordedEvent[]): Promise<(number | undefined)[]> {
    const leafOf = new Map((await this.sealed(events)).map(({ event, leaf }) => [event, leaf]));
    return events.map((event) => leafOf.get(event)?.leafIndex);
  }

  /** Proves the event with this hash is in the tree of `treeSize` leaves (a signed head's, typically). */
  async inclusionProof(eventHash: string, treeSize: number): Promise<InclusionProof> {
    const tree = await this.current();
    const leafIndex = tree.leafIndexOf(eventHash);
    if (leafIndex === undefined) throw new ProofUnavailable('hash', 'no sealed event has this hash');
    if (treeSize > tree.size) throw new ProofUnavailable('treeSize', `the log holds ${tree.size} leaves`);
    if (leafIndex >= treeSize) {
      throw new ProofUnavailable('treeSize', `the event is leaf ${leafIndex}, after a tree of ${treeSize}`);
    }
    return { leafIndex, treeSize, auditPath: tree.inclusionProof(leafIndex, treeSize) };
  }

  /**
   * Checks a stream's newest event under the newest signed head: its leaf holds the event's hash,
   * its inclusion proof gives the head's root, and the head's signature holds. With the stream's
   * chain verified, that vouches for every earlier event too.
   */
  async sealOf(history: readonly RecordedEvent[], publicKeyPem: string): Promise<SealVerdict> {
    const head = await this.store.latestHead();
    const newest = head && (await this.sealed(history)).filter(({ leaf }) => leaf.leafIndex < head.treeSize).at(-1);
    if (!head || !newest) return { sealed: false };
    const { event, leaf } = newest;
    const fault = await this.faultOf(leaf, event, head, publicKeyPem);
    if (fault) return { sealed: true, brokenAt: event.revision, reason: fault };
    return { sealed: true, sealedBy: { ...head, leafIndex: leaf.leafIndex, revision: event.revision } };
  }

  /** Proves the tree of `first` leaves is a prefix of the tree of `second`. */
  async consistencyProof(first: number, second: number): Promise<ConsistencyProof> {
    const tree = await this.current();
    if (second > tree.size) throw new ProofUnavailable('second', `the log holds ${tree.size} leaves`);
    if (first < 1 || first > second) throw new ProofUnavailable('first', 'must be at least 1 and at most second');
    return { first, second, proof: tree.consistencyProof(first, second) };
  }

  /** The stored events that are sealed, each with the leaf stored at its log position, in log order. */
  private async sealed(events: readonly RecordedEvent[]): Promise<{ event: RecordedEvent; leaf: AuditLeaf }[]> {
    const leaves = await this.store.leavesAt(events.map((event) => event.position));
    const leafAt = new Map(leaves.map((leaf) => [positionKey(leaf.position), leaf]));
    return events.flatMap((event) => {
      const leaf = leafAt.get(positionKey(event.position));
      return leaf ? [{ event, leaf }] : [];
    });
  }

  private async faultOf(
    leaf: AuditLeaf,
    event: RecordedEvent,
    head: SignedTreeHead,
    publicKeyPem: string,
  ): Promise<string | undefined> {
    if (!verifyTreeHead(head, publicKeyPem))
      return `the signature of the head of tree size ${head.treeSize} does not verify`;
    if (event.metadata.hash !== leaf.eventHash) return `the event is not the one sealed as leaf ${leaf.leafIndex}`;
    const tree = await this.current();
    if (tree.size < head.treeSize) return `the log holds ${tree.size} leaves, fewer than its head's ${head.treeSize}`;
    const auditPath = tree.inclusionProof(leaf.leafIndex, head.treeSize);
    const included = verifyInclusion({ eventHash: leaf.eventHash, ...head, leafIndex: leaf.leafIndex, auditPath });
    return included ? undefined : `leaf ${leaf.leafIndex} is not in the signed tree of size ${head.treeSize}`;
  }

  /** One load at a time: concurrent requests share the tree rather than append the same leaves twice. */
  private current(): Promise<MerkleTree> {
    const next = this.loading.then(() => loadTree(this.store, this.tree));
    this.loading = next.catch(() => undefined);
    return next;
  }
}

function positionKey({ commit, prepare }: LogPosition): string {
  return `${commit}/${prepare}`;
}
