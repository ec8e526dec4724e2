import { eventHash, type RecordedEvent } from '@lib/event-store';
import { verifyInclusion } from '../merkle/merkle-tree';
import { ProofUnavailable, type SealedLog } from '../sealed-log/sealed-log';
import { ExportRefused, NO_HEAD_YET, type ExportSummary } from './export-audit-log';
import { eventLine, exportLine, headLine, type ErasureOf } from './export-format';

export interface ExportStreamInput {
  /** The stream's events as stored, oldest first. */
  readonly history: readonly RecordedEvent[];
  /** The sealer's log: the newest head, each event's leaf, and proofs from the stored leaves. */
  readonly log: Pick<SealedLog, 'latestHead' | 'leafIndexesOf' | 'inclusionProof'>;
  /** Which events erase their stream; by default none. */
  readonly erasureOf?: ErasureOf;
}

interface ProvenEvent {
  readonly event: RecordedEvent;
  readonly leafIndex: number;
  readonly auditPath: string[];
}

/**
 * One stream's export (see export-format.ts), proven from the sealer's stored leaves instead of
 * a pass over the whole log. Every event's hash and inclusion proof are checked against the
 * newest head before a line is written, so what it writes verifies offline; refuses otherwise.
 */
export async function exportStream(
  { history, log, erasureOf = () => undefined }: ExportStreamInput,
  write: (line: string) => void | Promise<void>,
): Promise<ExportSummary> {
  const head = await log.latestHead();
  if (head === undefined) throw new ExportRefused(NO_HEAD_YET, true);
  const leafIndexes = await log.leafIndexesOf(history);
  const proven: ProvenEvent[] = [];
  for (const [index, event] of history.entries()) {
    const leafIndex = leafIndexes[index];
    if (leafIndex === undefined || leafIndex >= head.treeSize) continue;
    proven.push({ event, leafIndex, auditPath: await provenPath(event, leafIndex, head, log) });
  }
  const erased = proven.map(({ event }) => erasureOf(event)).find((mark) => mark !== undefined);
  for (const { event, leafIndex } of proven) await write(exportLine(eventLine(event, leafIndex, erased ?? null)));
  await write(exportLine(headLine(head)));
  for (const { leafIndex, auditPath } of proven) {
    await write(exportLine({ kind: 'inclusion', leafIndex, treeSize: head.treeSize, auditPath }));
  }
  return {
    events: proven.length,
    cases: proven.length === 0 ? 0 : 1,
    erased: erased === undefined ? 0 : 1,
    treeSize: head.treeSize,
    keyId: head.keyId,
    unsealed: history.length - proven.length,
  };
}

/** The event's audit path in the head's tree, once its hash and the path are shown to lead to the head's root. */
async function provenPath(
  event: RecordedEvent,
  leafIndex: number,
  head: { treeSize: number; rootHash: string },
  log: ExportStreamInput['log'],
): Promise<string[]> {
  const refuse = (why: string) =>
    new ExportRefused(`revision ${event.revision} ${why}: run verify to see what changed`);
  const hash = eventHash(event);
  if (hash !== event.metadata.hash) throw refuse('no longer gives its hash');
  const proof = await log.inclusionProof(hash, head.treeSize).catch((error: unknown) => {
    if (error instanceof ProofUnavailable) return undefined;
    throw error;
  });
  const included =
    proof !== undefined &&
    proof.leafIndex === leafIndex &&
    verifyInclusion({
      eventHash: hash,
      leafIndex,
      treeSize: head.treeSize,
      auditPath: proof.auditPath,
      rootHash: head.rootHash,
    });
  if (!included) throw refuse(`is not proven in the newest head (tree size ${head.treeSize})`);
  return proof.auditPath;
}
