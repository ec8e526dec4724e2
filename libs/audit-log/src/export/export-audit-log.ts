import { eventHash, hashOf, type RecordedEvent } from '@lib/event-store';
import { MerkleTree } from '../merkle/merkle-tree';
import type { SignedTreeHead } from '../signed-head/tree-head';
import { streamIdItself, type DescribeStream } from '../verification/audit-failure';
import { eventLine, exportLine, headLine, type ErasureOf } from './export-format';

type Events = AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>;

export interface ExportAuditLogInput {
  /**
   * Every event the sealer seals, in global log order, read from the start at each call: the
   * tree is rebuilt from all of them. Read twice with `erasureOf`, the first time for the erasures.
   */
  readonly events: () => Events;
  /** The newest signed head: the tree the export proves its events are in. */
  readonly head: SignedTreeHead | undefined;
  /** Which events to export; by default all. */
  readonly include?: (event: RecordedEvent) => boolean;
  /** Which events erase their stream; by default none, and the events are read once. */
  readonly erasureOf?: ErasureOf;
  readonly describeStream?: DescribeStream;
}

export interface ExportSummary {
  /** Events exported. */
  readonly events: number;
  /** Streams they belong to. */
  readonly cases: number;
  /** Of those, the streams erased. */
  readonly erased: number;
  /** The head's tree size. */
  readonly treeSize: number;
  readonly keyId: string;
  /** Events the filter chose that no signed head covers yet: left out. */
  readonly unsealed: number;
}

export const NO_HEAD_YET = 'the store holds no signed head yet, so no event can be proven; wait for the sealer';

/** Why there is nothing to export that would verify; the store needs `verify`, or the sealer. */
export class ExportRefused extends Error {
  constructor(
    message: string,
    /** Nothing is sealed yet, rather than something changed. */
    readonly beforeFirstHead = false,
  ) {
    super(message);
    this.name = 'ExportRefused';
  }
}

export interface ExportFilter {
  readonly streamId?: string;
  /** Inclusive: events whose date (metadata.occurredAt) is at or after it. */
  readonly since?: Date;
  /** Exclusive: events whose date is before it. */
  readonly until?: Date;
}

/** The events of one stream and/or of a time range, by their date (metadata.occurredAt). */
export function exportFilter({ streamId, since, until }: ExportFilter): (event: RecordedEvent) => boolean {
  return (event) => {
    if (streamId !== undefined && event.streamId !== streamId) return false;
    if (since === undefined && until === undefined) return true;
    const date = Date.parse(String(event.metadata.occurredAt));
    if (Number.isNaN(date)) return false;
    return (since === undefined || date >= since.getTime()) && (until === undefined || date < until.getTime());
  };
}

/**
 * Writes the export (see export-format.ts) line by line: the chosen events the head covers,
 * each marked erased or not, with the event erasing each chosen stream; then the head, and
 * each event's inclusion proof at the head's size. Refuses, before writing the head, when the
 * store's events do not give the head's root or an exported event is not its hash: such an
 * export would not verify; `verify` names what changed.
 */
export async function exportAuditLog(
  input: ExportAuditLogInput,
  write: (line: string) => void | Promise<void>,
): Promise<ExportSummary> {
  const { head, include = () => true, erasureOf, describeStream = streamIdItself } = input;
  if (head === undefined) throw new ExportRefused(NO_HEAD_YET, true);
  const erasures = erasureOf ? await erasuresOf(input.events(), head.treeSize, include, erasureOf) : new Map();
  const exports = (event: RecordedEvent, leafIndex: number) =>
    include(event) || erasures.get(event.streamId)?.leafIndex === leafIndex;
  const tree = MerkleTree.of([]);
  const exported: number[] = [];
  const streams = new Set<string>();
  let unsealed = 0;
  for await (const event of input.events()) {
    if (tree.size >= head.treeSize) {
      if (include(event)) unsealed++;
      continue;
    }
    const leafIndex = tree.size;
    const hash = hashOf(event);
    tree.append(hash);
    if (!exports(event, leafIndex)) continue;
    if (eventHash(event) !== hash) {
      throw new ExportRefused(
        `${describeStream(event.streamId)} revision ${event.revision} no longer gives its hash: run verify to see what changed`,
      );
    }
    await write(exportLine(eventLine(event, leafIndex, erasures.get(event.streamId)?.mark ?? null)));
    exported.push(leafIndex);
    streams.add(event.streamId);
  }
  if (tree.size < head.treeSize) {
    throw new ExportRefused(
      `the newest head covers ${head.treeSize} events but the store holds ${tree.size}: run verify to see what is missing`,
    );
  }
  if (tree.rootHash(head.treeSize) !== head.rootHash) {
    throw new ExportRefused(
      `the store's events no longer give the root of the newest head (tree size ${head.treeSize}): run verify to see what changed`,
    );
  }
  const { treeSize, keyId } = head;
  await write(exportLine(headLine(head)));
  for (const leafIndex of exported) {
    await write(
      exportLine({ kind: 'inclusion', leafIndex, treeSize, auditPath: tree.inclusionProof(leafIndex, treeSize) }),
    );
  }
  return { events: exported.length, cases: streams.size, erased: erasures.size, treeSize, keyId, unsealed };
}

interface StreamErasure {
  readonly mark: object;
  /** The erasing event's place in the log. */
  readonly leafIndex: number;
}

/** The first erasure of each stream with an event chosen, among the events the head covers. */
async function erasuresOf(
  events: Events,
  treeSize: number,
  include: (event: RecordedEvent) => boolean,
  erasureOf: ErasureOf,
): Promise<Map<string, StreamErasure>> {
  const erasures = new Map<string, StreamErasure>();
  const chosen = new Set<string>();
  let leafIndex = 0;
  for await (const event of events) {
    if (leafIndex >= treeSize) break;
    if (include(event)) chosen.add(event.streamId);
    const mark = erasures.has(event.streamId) ? undefined : erasureOf(event);
    if (mark !== undefined) erasures.set(event.streamId, { mark, leafIndex });
    leafIndex++;
  }
  for (const streamId of erasures.keys()) if (!chosen.has(streamId)) erasures.delete(streamId);
  return erasures;
}
