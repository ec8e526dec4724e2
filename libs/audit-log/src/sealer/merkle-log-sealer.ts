import { type CheckpointedConsumer, type LogPosition, type RecordedEvent } from '@lib/event-store';
import { MerkleTree } from '../merkle/merkle-tree';
import type { AuditSigningKey } from '../signed-head/signing-key';
import type { SignedTreeHead } from '../signed-head/tree-head';
import { AuditLogStore, leafOf } from '../store/audit-log-store.port';
import { loadTree } from '../sealed-log/load-tree';

export interface SealerOptions {
  /** A head is signed at least every this many events (at exactly each multiple). */
  readonly sealEvery: number;
  readonly clock?: () => Date;
  /** Told of each head once it is stored, e.g. to copy it elsewhere. */
  readonly onSigned?: (head: SignedTreeHead) => void;
}

/**
 * Appends each event's chain hash, in global log order, as a leaf of the Merkle log, and signs
 * tree heads. The leaves and the checkpoint are stored together, and a head is signed only
 * over leaves already stored, so a crash never leaves a head the store cannot prove.
 */
export class MerkleLogSealer implements CheckpointedConsumer {
  private signedTreeSize: number;
  /** Signing is serialised: the batch handler and the timer both ask for heads. */
  private signing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: AuditLogStore,
    private readonly key: AuditSigningKey,
    private readonly tree: MerkleTree,
    latest: SignedTreeHead | undefined,
    private readonly options: SealerOptions,
  ) {
    this.signedTreeSize = latest?.treeSize ?? 0;
  }

  /**
   * Loads the log and refuses to extend one whose leaves no longer give its newest head's root:
   * signing over changed leaves would vouch for them.
   */
  static async open(store: AuditLogStore, key: AuditSigningKey, options: SealerOptions): Promise<MerkleLogSealer> {
    const tree = await loadTree(store);
    const latest = await store.latestHead();
    if (latest && (latest.treeSize > tree.size || tree.rootHash(latest.treeSize) !== latest.rootHash)) {
      throw new Error(
        `the audit log's leaves no longer give the root of its newest head (tree size ${latest.treeSize}): ` +
          'the store was changed; run `npm run -s audit -- verify` to find where',
      );
    }
    return new MerkleLogSealer(store, key, tree, latest, options);
  }

  get treeSize(): number {
    return this.tree.size;
  }

  loadCheckpoint(): Promise<LogPosition> {
    return this.store.loadCheckpoint();
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const leaves = events.map((event, index) => leafOf(event, this.tree.size + index));
    await this.store.append(leaves, events[events.length - 1].position);
    for (const leaf of leaves) this.tree.append(leaf.eventHash);
    await this.serialised(() => this.signFullIntervals());
  }

  /** Signs a head over every leaf stored so far, unless the newest head already covers them all. */
  sealPending(): Promise<SignedTreeHead | undefined> {
    return this.serialised(() => (this.tree.size > this.signedTreeSize ? this.sign(this.tree.size) : undefined));
  }

  private async signFullIntervals(): Promise<void> {
    const { sealEvery } = this.options;
    while (this.tree.size - this.signedTreeSize >= sealEvery) await this.sign(this.signedTreeSize + sealEvery);
  }

  private async sign(treeSize: number): Promise<SignedTreeHead> {
    const timestamp = (this.options.clock?.() ?? new Date()).toISOString();
    const head = this.key.sign({ treeSize, rootHash: this.tree.rootHash(treeSize), timestamp });
    await this.store.saveHead(head);
    this.signedTreeSize = treeSize;
    this.options.onSigned?.(head);
    return head;
  }

  private serialised<T>(work: () => Promise<T> | T): Promise<T> {
    const result = this.signing.then(work);
    this.signing = result.catch(() => undefined);
    return result;
  }
}
