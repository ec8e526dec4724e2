import canonicalize from 'canonicalize';

/**
 * The audit export: NDJSON, each line the RFC 8785 canonical JSON of one object and "\n".
 * First one `event` line per exported event (global log order), then the newest signed head,
 * then one `inclusion` line per event, in the same order, proving it is in that head's tree.
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
}

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
  ],
  head: ['kind', 'treeSize', 'rootHash', 'timestamp', 'keyId', 'signature'],
  inclusion: ['kind', 'leafIndex', 'treeSize', 'auditPath'],
};

/** The line of an object: its canonical JSON and "\n". */
export function exportLine(line: ExportLine): string {
  const json = canonicalize(line);
  if (json === undefined) throw new TypeError(`a ${line.kind} line is no JSON value`);
  return `${json}\n`;
}
