import type { AuditLeaf } from './audit-log-store.port';

/** The sealer's row in the store's `checkpoints` table. */
export const AUDIT_SEALER_CHECKPOINT = 'audit-sealer';

/** A gap or an overlap would number a leaf differently from the tree the sealer holds in memory. */
export function assertLeavesContinueLog(leaves: readonly AuditLeaf[], leafCount: number): void {
  leaves.forEach(({ leafIndex }, offset) => {
    const expected = leafCount + offset;
    if (leafIndex !== expected) {
      throw new Error(
        `audit log: leaf ${offset} of the batch has index ${leafIndex}, expected ${expected} (the log holds ${leafCount} leaves)`,
      );
    }
  });
}

/**
 * The database refused a leaf as a duplicate: an event is sealed once. Raised as an error of
 * this library's own, so callers see one error whichever database refused.
 */
export function leafAlreadySealed(): Error {
  return new Error('audit log: the batch repeats an event already sealed (the same log position)');
}
