import { eventHash, GENESIS_HASH, type RecordedEvent } from '@lib/event-store';
import { MerkleTree, verifyConsistency } from '../merkle/merkle-tree';
import { keyIdOf } from '../signed-head/key-id';
import { verifyTreeHead } from '../signed-head/tree-head-signature';
import type { SignedTreeHead } from '../signed-head/tree-head';
import type { AuditLeaf } from '../store/audit-log-store.port';
import { streamIdItself, type AuditFailure, type DescribeStream } from './audit-failure';
import { pull } from './pull';

export interface VerifyAuditLogInput {
  /** The events the sealer seals, in global log order. */
  readonly events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>;
  /** The sealer's stored leaves, by index. */
  readonly leaves: AsyncIterable<AuditLeaf> | Iterable<AuditLeaf>;
  /** Every stored signed head. */
  readonly heads: readonly SignedTreeHead[];
  /** SPKI PEM of the key every head must be signed with. */
  readonly publicKeyPem: string;
  /** A head kept outside the store: the log must still extend it. */
  readonly trustedHead?: SignedTreeHead;
  /** How reasons name a stream; by default by its id. */
  readonly describeStream?: DescribeStream;
}

export interface AuditVerdict {
  readonly ok: boolean;
  /** Events read (all of them when `ok`). */
  readonly events: number;
  /** Streams they belong to. */
  readonly cases: number;
  /** Stored signed heads. */
  readonly heads: number;
  /** The tree size of the newest stored head: how many events are sealed; 0 without a head. */
  readonly sealed: number;
  /** Names the key the heads were checked with. */
  readonly keyId: string;
  readonly failure?: AuditFailure;
}

interface ChainState {
  /** The revision the stream's next event must have. */
  next: number;
  /** The hash of its last event. */
  hash: string;
}

interface Place {
  readonly streamId: string;
  readonly revision: number;
}

class Failed extends Error {
  constructor(readonly failure: AuditFailure) {
    super(failure.reason);
  }
}

/**
 * Verifies a whole store the way an auditor does, without trusting anything but the key (and,
 * when given, a head kept elsewhere):
 * - every stream's hash chain is recomputed: revisions in place, each previousHash the hash of
 *   the event before, each hash the hash of its event;
 * - the Merkle tree is rebuilt from the events' hashes in global log order, and every stored
 *   head must be signed by the key and give the root of the tree at its size;
 * - the store must still hold every event a head covers (truncation);
 * - the sealer's leaves must name the same events, with the same hashes, at the same indexes,
 *   since the proofs the service serves are built from them;
 * - with `trustedHead`, the newest stored head must be consistent with it (RFC 9162), so a
 *   store rewritten along with its heads, or stripped of them, is caught.
 * Stops at the first failure, in log order after the heads' signatures.
 */
export async function verifyAuditLog(input: VerifyAuditLogInput): Promise<AuditVerdict> {
  const keyId = keyIdOf(input.publicKeyPem);
  const heads = [...input.heads].sort((a, b) => a.treeSize - b.treeSize);
  const run = new Verification(input, heads, input.describeStream ?? streamIdItself);
  const verdict = (failure?: AuditFailure): AuditVerdict => ({
    ok: failure === undefined,
    events: run.tree.size,
    cases: run.streams.size,
    heads: heads.length,
    sealed: run.sealed,
    keyId,
    ...(failure ? { failure } : {}),
  });
  try {
    for (const head of heads) checkSignature(head, input.publicKeyPem, keyId, false);
    if (input.trustedHead) checkSignature(input.trustedHead, input.publicKeyPem, keyId, true);
    await run.walk();
    if (input.trustedHead) run.checkConsistency(input.trustedHead);
    return verdict();
  } catch (error) {
    if (error instanceof Failed) return verdict(error.failure);
    throw error;
  }
}

function checkSignature(head: SignedTreeHead, publicKeyPem: string, keyId: string, trustedHead: boolean): void {
  const fail = (reason: string) => {
    throw new Failed({ treeSize: head.treeSize, reason, ...(trustedHead ? { trustedHead } : {}) });
  };
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 1) fail('its tree size is not a positive whole number');
  if (head.keyId !== keyId) fail(`it is signed by key ${head.keyId}, not by key ${keyId}, the key it is checked with`);
  if (!verifyTreeHead(head, publicKeyPem))
    fail('its signature does not verify: the head was changed after it was signed');
}

/** One pass over the events and leaves, side by side. */
class Verification {
  readonly tree = MerkleTree.of([]);
  readonly streams = new Map<string, ChainState>();
  /** The next stored head to check, by size. */
  private nextHead = 0;
  /** The tree size of the last head whose root held, and the first event after it. */
  private lastGoodHead = 0;
  private firstAfterGoodHead: Place | undefined;

  constructor(
    private readonly input: VerifyAuditLogInput,
    private readonly heads: readonly SignedTreeHead[],
    private readonly describeStream: DescribeStream,
  ) {}

  /** The tree size of the newest head: how many events are sealed. */
  get sealed(): number {
    return this.heads.at(-1)?.treeSize ?? 0;
  }

  async walk(): Promise<void> {
    const leaves = pull(this.input.leaves);
    try {
      for await (const event of this.input.events) {
        const leafIndex = this.tree.size;
        const hash = this.checkChain(event, leafIndex);
        this.checkLeaf(event, hash, leafIndex, await leaves.next());
        if (leafIndex === this.lastGoodHead) this.firstAfterGoodHead = event;
        this.tree.append(hash);
        this.checkHeadsAt(event);
      }
      this.checkEnd(await leaves.next());
    } finally {
      await leaves.close();
    }
  }

  /** The event's hash, once its chain holds. */
  private checkChain(event: RecordedEvent, leafIndex: number): string {
    const { streamId, revision, metadata } = event;
    const state = this.streams.get(streamId) ?? { next: 0, hash: GENESIS_HASH };
    const fail = (reason: string, at = revision): never => {
      throw new Failed({ streamId, revision: at, leafIndex, reason });
    };
    if (revision > state.next) {
      const missing =
        revision === state.next + 1 ? `revision ${state.next} is` : `revisions ${state.next}–${revision - 1} are`;
      fail(`${missing} missing: the next event of the stream in the log is revision ${revision}`, state.next);
    }
    if (revision < state.next) fail(`revision ${revision} stands where revision ${state.next} belongs`);
    if (typeof metadata.hash !== 'string') fail('the event carries no hash');
    if (metadata.previousHash !== state.hash) {
      fail(
        revision === 0
          ? 'its previousHash is not the genesis hash, as the first event of a stream must have'
          : `its previousHash is not the hash of revision ${revision - 1}`,
      );
    }
    if (metadata.hash !== eventHash(event)) fail('its content no longer gives its hash: the event was changed');
    this.streams.set(streamId, { next: revision + 1, hash: metadata.hash as string });
    return metadata.hash as string;
  }

  /** The sealer's leaf at this index must be this event, with this hash. */
  private checkLeaf(event: RecordedEvent, hash: string, leafIndex: number, leaf: AuditLeaf | undefined): void {
    if (leaf === undefined) {
      if (leafIndex < this.sealed) {
        throw new Failed({
          ...place(event),
          leafIndex,
          reason: `the store holds no leaf for it, though the head at tree size ${this.sealed} covers it`,
        });
      }
      return;
    }
    if (leaf.leafIndex !== leafIndex) {
      throw new Failed({
        ...place(event),
        leafIndex,
        reason: `the stored leaves skip or repeat: leaf ${leaf.leafIndex} stands where leaf ${leafIndex} belongs`,
      });
    }
    const covered = this.coveringHead(leafIndex);
    if (leaf.streamId !== event.streamId || leaf.revision !== event.revision) {
      throw new Failed({
        ...place(leaf),
        leafIndex,
        reason:
          `it was sealed here${covered}, but the store no longer holds it here: ` +
          `${this.describeStream(event.streamId)} revision ${event.revision} stands in its place ` +
          '(an event was deleted, inserted or moved)',
      });
    }
    if (leaf.eventHash !== hash) {
      throw new Failed({
        ...place(event),
        leafIndex,
        reason: `its hash is not the one sealed for it${covered}: the event was changed, and its chain recomputed, after it was sealed`,
      });
    }
  }

  /** Every stored head of the tree's current size must give its root. */
  private checkHeadsAt(event: RecordedEvent): void {
    for (; this.nextHead < this.heads.length && this.heads[this.nextHead].treeSize <= this.tree.size; this.nextHead++) {
      const head = this.heads[this.nextHead];
      if (this.tree.rootHash(head.treeSize) !== head.rootHash) {
        const first = this.firstAfterGoodHead as Place;
        throw new Failed({
          treeSize: head.treeSize,
          reason:
            `the first ${head.treeSize} events no longer give its root: one of events ${this.lastGoodHead}–${head.treeSize - 1} ` +
            `(from ${this.describeStream(first.streamId)} revision ${first.revision} to ` +
            `${this.describeStream(event.streamId)} revision ${event.revision}) was changed, deleted, inserted or moved ` +
            (this.lastGoodHead === 0
              ? 'since it was sealed'
              : `since the head at tree size ${this.lastGoodHead}, which holds`),
        });
      }
      this.lastGoodHead = head.treeSize;
    }
  }

  /** After the last event: no sealed event may be missing. */
  private checkEnd(leaf: AuditLeaf | undefined): void {
    const size = this.tree.size;
    if (leaf !== undefined) {
      throw new Failed({
        ...place(leaf),
        leafIndex: leaf.leafIndex,
        reason:
          `it was sealed${this.coveringHead(leaf.leafIndex)}, but the store no longer holds it: ` +
          `the log ends after ${size} events (its newest events were deleted)`,
      });
    }
    if (this.nextHead < this.heads.length) {
      const head = this.heads[this.nextHead];
      throw new Failed({
        treeSize: head.treeSize,
        reason: `it covers ${head.treeSize} events but the store holds only ${size}: the newest events were deleted`,
      });
    }
  }

  /** The newest stored head must extend the trusted one: RFC 9162 consistency. */
  checkConsistency(trusted: SignedTreeHead): void {
    const fail = (reason: string): never => {
      throw new Failed({ treeSize: trusted.treeSize, trustedHead: true, reason });
    };
    const newest = this.heads[this.heads.length - 1];
    if (newest === undefined) {
      fail(
        `the store holds no signed head at all, though the trusted head covers ${trusted.treeSize} events: its heads were deleted`,
      );
    }
    if (newest.treeSize < trusted.treeSize) {
      fail(
        `the newest stored head covers ${newest.treeSize} events, fewer than the trusted head: ` +
          'the log was cut back, or its newer heads deleted',
      );
    }
    const proof = this.tree.consistencyProof(trusted.treeSize, newest.treeSize);
    const consistent = verifyConsistency({
      first: trusted.treeSize,
      second: newest.treeSize,
      firstRoot: trusted.rootHash,
      secondRoot: newest.rootHash,
      proof,
    });
    if (!consistent) {
      fail(
        `the log is not an extension of it: the newest stored head (tree size ${newest.treeSize}) is not consistent ` +
          `with it, so some of the first ${trusted.treeSize} events were rewritten (and the heads re-signed or rebuilt)`,
      );
    }
  }

  /** " (signed in the head at tree size N)" for the smallest head covering the leaf, or that none does yet. */
  private coveringHead(leafIndex: number): string {
    const head = this.heads.find((candidate) => candidate.treeSize > leafIndex);
    return head ? ` (signed in the head at tree size ${head.treeSize})` : ' (no signed head covers it yet)';
  }
}

function place({ streamId, revision }: Place): Place {
  return { streamId, revision };
}
