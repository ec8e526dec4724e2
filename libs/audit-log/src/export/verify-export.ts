import canonicalize from 'canonicalize';
import { eventHash, GENESIS_HASH } from '@lib/event-store';
import { verifyInclusion } from '../merkle/merkle-tree';
import { keyIdOf } from '../signed-head/key-id';
import { verifyTreeHead } from '../signed-head/tree-head-signature';
import { streamIdItself, type DescribeStream } from '../verification/audit-failure';
import {
  EXPORT_LINE_KEYS,
  NO_ERASURES,
  type ErasureOf,
  type ExportedEvent,
  type ExportedHead,
  type ExportedInclusion,
} from './export-format';

export interface VerifyExportOptions {
  /** Which events erase their stream, as the export was written with; by default none. */
  readonly erasureOf?: ErasureOf;
}

export interface ExportVerdict {
  readonly ok: boolean;
  /** Event lines read (all of them when `ok`). */
  readonly events: number;
  /** Streams they belong to. */
  readonly cases: number;
  /** Of those, the streams an exported event erased. */
  readonly erased: number;
  /** The signed head's tree size, once read. */
  readonly treeSize?: number;
  /** Names the key the head was checked with. */
  readonly keyId: string;
  readonly failure?: ExportFailure;
}

export interface ExportFailure {
  /** 1-based line of the export. */
  readonly line?: number;
  readonly streamId?: string;
  readonly revision?: number;
  readonly reason: string;
}

const HEX_64 = /^[0-9a-f]{64}$/;
const HEX_128 = /^[0-9a-f]{128}$/;

class Refused extends Error {
  constructor(readonly failure: ExportFailure) {
    super(failure.reason);
  }
}

/**
 * Verifies an export offline, with nothing but the export and the public key: every event's
 * hash recomputed from what the line holds, its chain links to the stream's events exported
 * before it, its one inclusion proof verified against the signed head's root, and the head's
 * signature verified under the key, and each event's `erased` mark derived from its stream's
 * erasing event in the export. Strict: each line must be exactly the canonical JSON of its
 * value and "\n", with the keys of its kind and no other, so any changed byte fails.
 */
export function verifyExport(
  text: string | Uint8Array,
  publicKeyPem: string,
  { erasureOf = NO_ERASURES }: VerifyExportOptions = {},
): ExportVerdict {
  const keyId = keyIdOf(publicKeyPem);
  const state = new ExportCheck(publicKeyPem, keyId, erasureOf);
  try {
    state.check(typeof text === 'string' ? text : decodeStrictly(text));
    return state.verdict();
  } catch (error) {
    if (error instanceof Refused) return state.verdict(error.failure);
    throw error;
  }
}

function decodeStrictly(bytes: Uint8Array): string {
  try {
    // ignoreBOM keeps a byte-order mark in the text, where it fails as non-canonical.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Refused({ reason: 'the export is not valid UTF-8' });
  }
}

interface Chain {
  readonly revision: number;
  readonly hash: string;
}

class ExportCheck {
  private readonly events: ExportedEvent[] = [];
  private readonly chains = new Map<string, Chain>();
  private head: ExportedHead | undefined;
  private inclusions = 0;
  private erased = 0;
  private lineNumber = 0;

  constructor(
    private readonly publicKeyPem: string,
    private readonly keyId: string,
    private readonly erasureOf: ErasureOf,
  ) {}

  verdict(failure?: ExportFailure): ExportVerdict {
    return {
      ok: failure === undefined,
      events: this.events.length,
      cases: this.chains.size,
      erased: this.erased,
      ...(this.head ? { treeSize: this.head.treeSize } : {}),
      keyId: this.keyId,
      ...(failure ? { failure } : {}),
    };
  }

  check(text: string): void {
    if (text === '') this.refuse('the export is empty');
    if (!text.endsWith('\n')) this.refuse('the export does not end with a line break', undefined, false);
    const lines = text.slice(0, -1).split('\n');
    for (const line of lines) {
      this.lineNumber++;
      this.line(line);
    }
    this.lineNumber = 0;
    if (this.head === undefined) this.refuse('the export holds no signed head');
    if (this.inclusions < this.events.length) {
      const event = this.events[this.inclusions];
      this.refuse('the export ends before its inclusion proof', event);
    }
  }

  private line(line: string): void {
    if (line === '') this.refuse('an empty line');
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.refuse('the line is not JSON');
    }
    if (canonicalize(value) !== line) this.refuse('the line is not the canonical JSON (RFC 8785) of its value');
    const kind = kindOf(value);
    if (kind === undefined) this.refuse('the line is not an object of a known kind (event, head or inclusion)');
    const keys = Object.keys(value as object);
    const expected = EXPORT_LINE_KEYS[kind];
    const unknown = keys.find((key) => !expected.includes(key));
    if (unknown !== undefined) this.refuse(`the ${kind} line has an unknown key ${JSON.stringify(unknown)}`);
    const missing = expected.find((key) => !keys.includes(key));
    if (missing !== undefined) this.refuse(`the ${kind} line lacks ${missing}`);
    if (kind === 'event') this.event(value as ExportedEvent);
    else if (kind === 'head') this.signedHead(value as ExportedHead);
    else this.inclusion(value as ExportedInclusion);
  }

  private event(event: ExportedEvent): void {
    if (this.head) this.refuse('an event line after the head: the events come first');
    const fail = (reason: string) => this.refuse(reason, event);
    const { streamId, revision, type, metadata, hash, previousHash, leafIndex } = event;
    if (typeof streamId !== 'string') this.refuse('streamId is not a string');
    if (!isIndex(revision)) this.refuse('revision is not a whole number');
    if (typeof type !== 'string') fail('type is not a string');
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) fail('metadata is not an object');
    if (!isIndex(leafIndex)) fail('leafIndex is not a whole number');
    const previous = this.events[this.events.length - 1];
    if (previous && leafIndex <= previous.leafIndex) fail('its leafIndex does not follow the one of the event before');
    if (typeof hash !== 'string' || !HEX_64.test(hash)) fail('hash is not 64 lower-case hex digits');
    if (metadata.hash !== hash) fail('hash is not metadata.hash');
    if (metadata.previousHash !== previousHash) fail('previousHash is not metadata.previousHash');
    if (canonicalize(event.date) !== canonicalize(metadata.occurredAt ?? null)) fail('date is not metadata.occurredAt');
    if (canonicalize(event.actor) !== canonicalize(metadata.actor ?? null)) fail('actor is not metadata.actor');
    if (eventHash(event) !== hash) fail('its content does not give its hash: the event was changed');
    this.checkLink(event);
    this.events.push(event);
    this.chains.set(streamId, { revision, hash });
  }

  /** Consecutive revisions of one stream link; the first revision links to the genesis hash. */
  private checkLink(event: ExportedEvent): void {
    const before = this.chains.get(event.streamId);
    if (before && event.revision <= before.revision) {
      this.refuse(`it follows revision ${before.revision} of its stream in the export`, event);
    }
    if (event.revision === 0 && event.previousHash !== GENESIS_HASH) {
      this.refuse('its previousHash is not the genesis hash, as the first event of a stream must have', event);
    }
    if (before && event.revision === before.revision + 1 && event.previousHash !== before.hash) {
      this.refuse(`its previousHash is not the hash of revision ${before.revision}`, event);
    }
  }

  private signedHead(head: ExportedHead): void {
    if (this.head) this.refuse('a second head: an export holds one');
    const { treeSize, rootHash, timestamp, keyId, signature } = head;
    if (!isIndex(treeSize) || treeSize < 1) this.refuse("the head's treeSize is not a positive whole number");
    if (typeof rootHash !== 'string' || !HEX_64.test(rootHash))
      this.refuse("the head's rootHash is not 64 lower-case hex digits");
    if (typeof timestamp !== 'string') this.refuse("the head's timestamp is not a string");
    if (typeof signature !== 'string' || !HEX_128.test(signature))
      this.refuse("the head's signature is not 128 lower-case hex digits");
    if (keyId !== this.keyId)
      this.refuse(`the head is signed by key ${String(keyId)}, not by key ${this.keyId}, the key it is checked with`);
    if (!verifyTreeHead({ treeSize, rootHash, timestamp, keyId, signature }, this.publicKeyPem)) {
      this.refuse("the head's signature does not verify");
    }
    const beyond = this.events.find((event) => event.leafIndex >= treeSize);
    if (beyond) this.refuse(`its leafIndex is outside the signed tree of ${treeSize} events`, beyond);
    this.checkErasureMarks();
    this.head = head;
  }

  /** Each event line's `erased` is the mark of its stream's first erasing event, or null without one. */
  private checkErasureMarks(): void {
    const erasures = new Map<string, { revision: number; mark: string }>();
    for (const event of this.events) {
      const mark = erasures.has(event.streamId) ? undefined : this.erasureOf(event);
      if (mark !== undefined) erasures.set(event.streamId, { revision: event.revision, mark: canonicalize(mark)! });
    }
    this.events.forEach((event, index) => {
      const erasure = erasures.get(event.streamId);
      // The event lines are the export's first lines.
      const line = index + 1;
      if (erasure === undefined && event.erased !== null) {
        this.refuse('it is marked erased, but the export holds no event erasing its case', event, line);
      }
      if (erasure !== undefined && canonicalize(event.erased) !== erasure.mark) {
        this.refuse(
          `its case is erased at revision ${erasure.revision}: it must be marked erased ${erasure.mark}`,
          event,
          line,
        );
      }
    });
    this.erased = erasures.size;
  }

  private inclusion(inclusion: ExportedInclusion): void {
    const head = this.head;
    if (head === undefined) this.refuse('an inclusion proof before the head');
    const event = this.events[this.inclusions];
    if (event === undefined) this.refuse('an inclusion proof for no event: each event has exactly one');
    const { leafIndex, treeSize, auditPath } = inclusion;
    if (leafIndex !== event.leafIndex) {
      this.refuse(`the inclusion proof of this event should come here, not one for leaf ${String(leafIndex)}`, event);
    }
    if (treeSize !== head.treeSize)
      this.refuse(`its inclusion proof is not at the head's tree size ${head.treeSize}`, event);
    if (!Array.isArray(auditPath) || !auditPath.every((hash) => typeof hash === 'string' && HEX_64.test(hash))) {
      this.refuse('its audit path is not a list of 64-digit lower-case hex hashes', event);
    }
    const included = verifyInclusion({
      eventHash: event.hash,
      leafIndex,
      treeSize,
      auditPath: [...auditPath],
      rootHash: head.rootHash,
    });
    if (!included)
      this.refuse("its inclusion proof does not lead to the head's root: it is not in the signed tree", event);
    this.inclusions++;
  }

  /** `line`: the line at fault; by default the one being read, if any. */
  private refuse(
    reason: string,
    event?: Pick<ExportedEvent, 'streamId' | 'revision'>,
    line: number | false = this.lineNumber,
  ): never {
    const subject = event ? { streamId: event.streamId, revision: event.revision } : {};
    throw new Refused({ ...(line !== false && line > 0 ? { line } : {}), ...subject, reason });
  }
}

function kindOf(value: unknown): keyof typeof EXPORT_LINE_KEYS | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' && Object.hasOwn(EXPORT_LINE_KEYS, kind)
    ? (kind as keyof typeof EXPORT_LINE_KEYS)
    : undefined;
}

function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** "case 65f… revision 2, line 7: …" */
export function describeExportFailure(failure: ExportFailure, describeStream: DescribeStream = streamIdItself): string {
  const subject = [
    failure.streamId === undefined ? undefined : `${describeStream(failure.streamId)} revision ${failure.revision}`,
    failure.line === undefined ? undefined : `line ${failure.line}`,
  ].filter((part) => part !== undefined);
  return subject.length === 0 ? failure.reason : `${subject.join(', ')}: ${failure.reason}`;
}
