import canonicalize from 'canonicalize';
import type { RecordedEvent } from '@lib/event-store';
import type { SignedTreeHead } from '../signed-head/tree-head';

/**
 * The audit export: NDJSON, each line the RFC 8785 canonical JSON of one object and "\n".
 * First one `event` line per exported event (global log order), then the newest signed head,
 * then one `inclusion` line per event, in the same order, proving it is in that head's tree.
 * An event line of an erased stream says so, and the event that erased it is exported with it.
 */
export interface ExportedEvent {
  readonly kind: 'event';
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  /** `metadata.occurredAt`. */
  readonly date: unknown;
  /** `metadata.actor`. */
  readonly actor: unknown;
  /** As stored. */
  readonly data: unknown;
  /** As stored, `hash` and `previousHash` included. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly hash: string;
  readonly previousHash: string;
  /** The event's leaf in the Merkle log: its place in the global log. */
  readonly leafIndex: number;
  /**
   * `null`, or the mark of the exported event that erased the stream's personal data: its
   * values sealed in `data` and `metadata` can no longer be opened by anyone. Not hashed: the
   * verifier derives it from that event, which is.
   */
  readonly erased: unknown;
}

/**
 * The mark of an event that erases its stream's personal data, such as `{date, reason}`;
 * `undefined` for any other event. The domain's knowledge: the audit log knows no event types.
 */
export type ErasureOf = (event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>) => object | undefined;

/** For a log in which no event erases. */
export const NO_ERASURES: ErasureOf = () => undefined;

export interface ExportedHead {
  readonly kind: 'head';
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly keyId: string;
  readonly signature: string;
}

export interface ExportedInclusion {
  readonly kind: 'inclusion';
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly auditPath: readonly string[];
}

export type ExportLine = ExportedEvent | ExportedHead | ExportedInclusion;

/** Every key each kind of line has, no more, no fewer. */
export const EXPORT_LINE_KEYS: { readonly [K in ExportLine['kind']]: readonly string[] } = {
  event: [
    'kind',
    'streamId',
    'revision',
    'type',
    'date',
    'actor',
    'data',
    'metadata',
    'hash',
    'previousHash',
    'leafIndex',
    'erased',
  ],
  head: ['kind', 'treeSize', 'rootHash', 'timestamp', 'keyId', 'signature'],
  inclusion: ['kind', 'leafIndex', 'treeSize', 'auditPath'],
};

/** An event's line: what is stored of it, its place in the log, and its stream's erasure mark. */
export function eventLine(event: RecordedEvent, leafIndex: number, erased: object | null): ExportedEvent {
  const { streamId, revision, type, data, metadata } = event;
  return {
    kind: 'event',
    streamId,
    revision,
    type,
    date: metadata.occurredAt ?? null,
    actor: metadata.actor ?? null,
    data,
    metadata,
    hash: metadata.hash as string,
    previousHash: metadata.previousHash as string,
    leafIndex,
    erased,
  };
}

/** The signed head's line. */
export function headLine({ treeSize, rootHash, timestamp, keyId, signature }: SignedTreeHead): ExportedHead {
  return { kind: 'head', treeSize, rootHash, timestamp, keyId, signature };
}

/** The line of an object: its canonical JSON and "\n". */
export function exportLine(line: ExportLine): string {
  const json = canonicalize(line);
  if (json === undefined) throw new TypeError(`a ${line.kind} line is no JSON value`);
  return `${json}\n`;
}
