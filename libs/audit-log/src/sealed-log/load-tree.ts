import { MerkleTree } from '../merkle/merkle-tree';
import type { AuditLogStore } from '../store/audit-log-store.port';

const PAGE = 10_000;

/** Extends `tree` (a new one by default) with the leaves the store holds beyond its size. */
export async function loadTree(store: AuditLogStore, tree = MerkleTree.of([])): Promise<MerkleTree> {
  for (;;) {
    const leaves = await store.leaves(tree.size, PAGE);
    for (const leaf of leaves) tree.append(leaf.eventHash);
    if (leaves.length < PAGE) return tree;
  }
}
