/** What a verification found wrong: the event (or head) it concerns, and why. */
export interface AuditFailure {
  /** The stream of the event that does not hold, when one can be named. */
  readonly streamId?: string;
  readonly revision?: number;
  /** The event's place in the global log: its leaf in the Merkle log. */
  readonly leafIndex?: number;
  /** The signed head that does not hold, when the failure is a head's. */
  readonly treeSize?: number;
  /** The failure concerns the head the auditor trusts (`treeSize` is its size), not a stored one. */
  readonly trustedHead?: boolean;
  readonly reason: string;
}

/** How a stream is named to a reader; by default its id. */
export type DescribeStream = (streamId: string) => string;

export const streamIdItself: DescribeStream = (streamId) => streamId;

/** One line naming the event or head, then the reason, e.g. "case 65f… revision 2 (event 17 of the log): …". */
export function describeFailure(failure: AuditFailure, describeStream: DescribeStream = streamIdItself): string {
  const { streamId, revision, leafIndex, treeSize, trustedHead, reason } = failure;
  if (streamId !== undefined) {
    const place = leafIndex === undefined ? '' : ` (event ${leafIndex} of the log)`;
    const at = revision === undefined ? '' : ` revision ${revision}`;
    return `${describeStream(streamId)}${at}${place}: ${reason}`;
  }
  if (trustedHead) return `the trusted head${treeSize === undefined ? '' : ` (tree size ${treeSize})`}: ${reason}`;
  if (treeSize !== undefined) return `the head at tree size ${treeSize}: ${reason}`;
  return reason;
}
