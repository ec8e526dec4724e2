import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { SqliteAuditLogStore, verifyAuditLog, type AuditLeaf, type SignedTreeHead } from '@lib/audit-log';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { GENESIS_HASH, linked, SqliteEventStore, START_OF_LOG, type RecordedEvent } from '@lib/event-store';
import {
  headsOf,
  leavesOf,
  newAuditSigningKey,
  rewritten,
} from '../../libs/audit-log/src/verification/testing/audit-snapshot';
import { sqliteFile } from '../../apps/supportcase-service/src/config/service-config';
import { sealedStore, type SealedStore } from './support/sealed-store';

/**
 * 1,000 random tamperings of a sealed store, 50 of each of 20 kinds, applied in memory to its
 * events, leaves and heads (read once from the store the service wrote) and each verified by
 * verifyAuditLog, the core `npm run -s audit -- verify` runs. Every one must be caught: the
 * first 17 kinds by plain verification, the last 3 (an attacker who also deleted or re-signed
 * the heads, or cut the log back with them) with the head the auditor kept (--trusted-head).
 * A failure prints fast-check's seed; FC_SEED=<seed> replays a run.
 */
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const RUNS_PER_KIND = 50;
const thousands = (n: number) => n.toLocaleString('en-US');

interface Snapshot {
  readonly events: readonly RecordedEvent[];
  readonly leaves: readonly AuditLeaf[];
  readonly heads: readonly SignedTreeHead[];
}

interface Tampered extends Snapshot {
  /** The key the verifier trusts, when the attacker replaced the one in DATA_DIR. */
  readonly publicKeyPem?: string;
}

interface Kind {
  readonly name: string;
  /** Verified with the head the auditor kept outside the store. */
  readonly trusted: boolean;
  readonly tampering: (original: Snapshot) => fc.Arbitrary<Tampered>;
}

const attacker = newAuditSigningKey();
const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));

/** A value that differs from `old`: the drawn one, or, should it equal `old`, the drawn one in a list. */
function differentFrom(old: unknown, value: unknown): unknown {
  return canonicalize(value) === canonicalize(old) ? [value] : value;
}

/** `value` with the JSON value at one of its paths (or a new key) replaced by a different `replacement`. */
function withOneValueChanged(
  value: unknown,
  pick: number,
  replacement: unknown,
  exclude: readonly string[] = [],
): unknown {
  const paths = valuePaths(value, exclude);
  const path = paths[pick % paths.length];
  return setAt(value, path, (old) => differentFrom(old, replacement));
}

/** Every path to a value inside `value`, and a path to a new key of each object. */
function valuePaths(
  value: unknown,
  exclude: readonly string[],
  prefix: (string | number)[] = [],
): (string | number)[][] {
  if (Array.isArray(value))
    return [prefix, ...value.flatMap((item, index) => valuePaths(item, exclude, [...prefix, index]))];
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).filter((key) => prefix.length > 0 || !exclude.includes(key));
    return [
      ...(prefix.length === 0 ? [] : [prefix]),
      [...prefix, 'forged'],
      ...keys.flatMap((key) => valuePaths((value as Record<string, unknown>)[key], exclude, [...prefix, key])),
    ];
  }
  return [prefix];
}

function setAt(value: unknown, path: readonly (string | number)[], change: (old: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? setAt(item, rest, change) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head]: setAt(record[head as string], rest, change) };
}

const replaceAt = <T>(items: readonly T[], index: number, item: T): T[] =>
  items.map((old, i) => (i === index ? item : old));

/** The events with the one at `index` rewritten and its stream rechained after it: an attacker without the key. */
function rewriteAt(
  events: readonly RecordedEvent[],
  index: number,
  pick: number,
  replacement: unknown,
): RecordedEvent[] {
  const { streamId, revision } = events[index];
  return rewritten(events, streamId, revision, (event) => ({
    ...event,
    data: withOneValueChanged(event.data, pick, replacement),
  }));
}

const KINDS: readonly Kind[] = [
  {
    name: "change a value in an event's data",
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), fc.nat(), fc.jsonValue()).map(([index, pick, value]) => ({
        ...s,
        events: replaceAt(s.events, index, {
          ...s.events[index],
          data: withOneValueChanged(s.events[index].data, pick, value),
        }),
      })),
  },
  {
    name: "change a value in an event's metadata (actor, date, correlation id, or a new key)",
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), fc.nat(), fc.jsonValue()).map(([index, pick, value]) => {
        const event = s.events[index];
        const metadata = withOneValueChanged(event.metadata, pick, value, ['hash', 'previousHash']);
        return {
          ...s,
          events: replaceAt(s.events, index, { ...event, metadata: metadata as RecordedEvent['metadata'] }),
        };
      }),
  },
  {
    name: "change an event's type",
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), fc.string()).map(([index, type]) => {
        const event = s.events[index];
        return {
          ...s,
          events: replaceAt(s.events, index, { ...event, type: type === event.type ? `${type}x` : type }),
        };
      }),
  },
  {
    name: "change an event's stored hash or previousHash",
    trusted: false,
    tampering: (s) =>
      fc
        .tuple(fc.nat(s.events.length - 1), fc.constantFrom('hash', 'previousHash'), hex(32))
        .map(([index, field, value]) => {
          const event = s.events[index];
          const changed = value === event.metadata[field] ? value.replace(/^./, (c) => (c === '0' ? '1' : '0')) : value;
          return {
            ...s,
            events: replaceAt(s.events, index, { ...event, metadata: { ...event.metadata, [field]: changed } }),
          };
        }),
  },
  {
    name: "change an event's revision",
    trusted: false,
    tampering: (s) =>
      fc
        .tuple(fc.nat(s.events.length - 1), fc.integer({ min: 1, max: 5 }), fc.boolean())
        .map(([index, delta, down]) => {
          const event = s.events[index];
          const revision = down && event.revision >= delta ? event.revision - delta : event.revision + delta;
          return { ...s, events: replaceAt(s.events, index, { ...event, revision }) };
        }),
  },
  {
    name: 'move an event to another case',
    trusted: false,
    tampering: (s) =>
      fc
        .tuple(fc.nat(s.events.length - 1), fc.nat(s.events.length - 1), hex(12), fc.boolean())
        .map(([index, other, id, existing]) => {
          const event = s.events[index];
          const candidate = existing ? s.events[other].streamId : `${SUPPORT_CASE_STREAM_PREFIX}${id}`;
          const streamId = candidate === event.streamId ? `${candidate}0` : candidate;
          return { ...s, events: replaceAt(s.events, index, { ...event, streamId }) };
        }),
  },
  {
    name: 'delete an event',
    trusted: false,
    tampering: (s) =>
      fc.nat(s.events.length - 1).map((index) => ({ ...s, events: s.events.filter((_, i) => i !== index) })),
  },
  {
    name: 'swap the contents of two events of one case',
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), fc.nat(), fc.nat()).map(([index, a, b]) => {
        const stream = s.events
          .map((event, i) => ({ event, i }))
          .filter(({ event }) => event.streamId === s.events[index].streamId);
        const first = stream[a % stream.length];
        const second = stream[(a + 1 + (b % (stream.length - 1))) % stream.length];
        const swap = (into: RecordedEvent, from: RecordedEvent) => ({
          ...into,
          type: from.type,
          data: from.data,
          metadata: from.metadata,
        });
        const events = replaceAt(
          replaceAt(s.events, first.i, swap(first.event, second.event)),
          second.i,
          swap(second.event, first.event),
        );
        return { ...s, events };
      }),
  },
  {
    name: 'swap two events of different cases in the log',
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), fc.nat(s.events.length - 1)).map(([i, j]) => {
        const other =
          s.events[j].streamId === s.events[i].streamId
            ? s.events.findIndex((e) => e.streamId !== s.events[i].streamId)
            : j;
        return { ...s, events: replaceAt(replaceAt(s.events, i, s.events[other]), other, s.events[i]) };
      }),
  },
  {
    name: 'drop the newest events',
    trusted: false,
    tampering: (s) =>
      fc.integer({ min: 1, max: s.events.length }).map((k) => ({ ...s, events: s.events.slice(0, -k) })),
  },
  {
    name: 'drop the newest events and their leaves',
    trusted: false,
    tampering: (s) =>
      fc
        .integer({ min: 1, max: s.events.length })
        .map((k) => ({ ...s, events: s.events.slice(0, -k), leaves: s.leaves.slice(0, -k) })),
  },
  {
    name: 'insert a forged, well-chained event of a new case into the sealed log',
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), hex(12), fc.jsonValue()).map(([index, id, data]) => {
        const streamId = `${SUPPORT_CASE_STREAM_PREFIX}${id}`;
        const [forged] = linked(
          streamId,
          [{ id, type: 'SupportCaseCreated', data, metadata: { ...s.events[index].metadata } }],
          0,
          GENESIS_HASH,
        );
        const event: RecordedEvent = { ...s.events[index], ...forged, streamId, revision: 0 };
        return { ...s, events: [...s.events.slice(0, index), event, ...s.events.slice(index)] };
      }),
  },
  {
    name: 'rewrite an event and recompute every later hash of its chain',
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), fc.nat(), fc.jsonValue()).map(([index, pick, value]) => ({
        ...s,
        events: rewriteAt(s.events, index, pick, value),
      })),
  },
  {
    name: 'rewrite an event, recompute its chain and rebuild the leaves',
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), fc.nat(), fc.jsonValue()).map(([index, pick, value]) => {
        const events = rewriteAt(s.events, index, pick, value);
        return { ...s, events, leaves: leavesOf(events) };
      }),
  },
  {
    name: 'edit a field of a signed head',
    trusted: false,
    tampering: (s) =>
      fc
        .tuple(
          fc.nat(s.heads.length - 1),
          fc.constantFrom('treeSize', 'rootHash', 'timestamp', 'keyId', 'signature'),
          fc.integer({ min: 1, max: 100 }),
          hex(64),
          fc.date({ noInvalidDate: true }),
        )
        .map(([index, field, size, bytes, date]) => {
          const head = s.heads[index];
          const value = {
            treeSize: size === head.treeSize ? size + 1 : size,
            rootHash: bytes.slice(0, 64),
            timestamp: date.toISOString(),
            keyId: bytes.slice(0, 16),
            signature: bytes,
          }[field];
          const changed =
            value === head[field] ? `${String(value).slice(0, -1)}${String(value).endsWith('0') ? '1' : '0'}` : value;
          return { ...s, heads: replaceAt(s.heads, index, { ...head, [field]: changed }) };
        }),
  },
  {
    name: "tamper with the sealer's leaves",
    trusted: false,
    tampering: (s) =>
      fc
        .tuple(fc.nat(s.leaves.length - 1), fc.constantFrom('eventHash', 'streamId', 'revision', 'delete'), hex(32))
        .map(([index, what, bytes]) => {
          const leaf = s.leaves[index];
          if (what === 'delete') return { ...s, leaves: s.leaves.filter((_, i) => i !== index) };
          const changed = {
            eventHash: bytes === leaf.eventHash ? bytes.replace(/^./, (c) => (c === '0' ? '1' : '0')) : bytes,
            streamId: `${leaf.streamId}0`,
            revision: leaf.revision + 1,
          }[what];
          return { ...s, leaves: replaceAt(s.leaves, index, { ...leaf, [what]: changed }) };
        }),
  },
  {
    name: "rewrite, rebuild the leaves and re-sign the heads with another key (checked with the service's key)",
    trusted: false,
    tampering: (s) =>
      fc.tuple(fc.nat(s.events.length - 1), fc.nat(), fc.jsonValue()).map(([index, pick, value]) => {
        const events = rewriteAt(s.events, index, pick, value);
        return {
          events,
          leaves: leavesOf(events),
          heads: headsOf(
            events,
            s.heads.map((head) => head.treeSize),
            attacker,
          ),
        };
      }),
  },
  {
    name: 'rewrite the events the trusted head covers, rebuild the leaves and delete the heads',
    trusted: true,
    tampering: (s) =>
      fc.tuple(fc.nat(), fc.nat(), fc.jsonValue()).map(([index, pick, value]) => {
        const events = rewriteAt(s.events, index % trustedHead.treeSize, pick, value);
        return { events, leaves: leavesOf(events), heads: [] };
      }),
  },
  {
    name: 'rewrite the events the trusted head covers, rebuild the leaves, re-sign the heads with another key and put it in DATA_DIR',
    trusted: true,
    tampering: (s) =>
      fc.tuple(fc.nat(), fc.nat(), fc.jsonValue()).map(([index, pick, value]) => {
        const events = rewriteAt(s.events, index % trustedHead.treeSize, pick, value);
        const heads = headsOf(
          events,
          s.heads.map((head) => head.treeSize),
          attacker,
        );
        return { events, leaves: leavesOf(events), heads, publicKeyPem: attacker.publicKeyPem };
      }),
  },
  {
    name: 'cut the log back below the trusted head, with its leaves and the heads beyond',
    trusted: true,
    tampering: (s) =>
      fc.integer({ min: s.events.length - trustedHead.treeSize + 1, max: s.events.length }).map((k) => {
        const size = s.events.length - k;
        return {
          events: s.events.slice(0, size),
          leaves: s.leaves.slice(0, size),
          heads: s.heads.filter((head) => head.treeSize <= size),
        };
      }),
  },
];

let store: SealedStore;
let original: Snapshot;
let trustedHead: SignedTreeHead;
const fingerprint = (s: Tampered) =>
  canonicalize({
    events: s.events.map(({ streamId, revision, type, data, metadata }) => ({
      streamId,
      revision,
      type,
      data,
      metadata,
    })),
    leaves: s.leaves,
    heads: s.heads,
    key: s.publicKeyPem ?? store.publicKeyPem,
  });
const tally = { caught: 0, total: 0 };

beforeAll(async () => {
  store = await sealedStore();
  const file = sqliteFile({ dataDir: store.copy() });
  const eventStore = SqliteEventStore.open(file);
  const auditLog = SqliteAuditLogStore.open(file);
  try {
    const events = await eventStore.readAll({
      after: START_OF_LOG,
      maxCount: 100_000,
      streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
    });
    original = { events, leaves: await auditLog.leaves(0, 100_000), heads: await auditLog.heads() };
  } finally {
    await auditLog.close();
    await eventStore.close();
  }
  trustedHead = store.checkpoint;
});

afterAll(() => store?.remove());

function verify(s: Tampered, trusted: boolean) {
  return verifyAuditLog({
    events: s.events,
    leaves: s.leaves,
    heads: s.heads,
    publicKeyPem: s.publicKeyPem ?? store.publicKeyPem,
    trustedHead: trusted ? trustedHead : undefined,
  });
}

describe(`${thousands(KINDS.length * RUNS_PER_KIND)} random tamperings of ${KINDS.length} kinds, applied to a sealed store's events, leaves and heads`, () => {
  it('the untouched snapshot passes, plainly and with the trusted head: each run below starts from a store that verifies', async () => {
    expect(original.heads.length).toBeGreaterThan(2);
    expect(original.leaves).toHaveLength(original.events.length);
    await expect(verify(original, false)).resolves.toMatchObject({
      ok: true,
      events: original.events.length,
      sealed: original.events.length,
    });
    await expect(verify(original, true)).resolves.toMatchObject({ ok: true });
  });

  it.each(KINDS.map((kind, n) => [n + 1, kind.name, kind] as const))(
    `%i. catches all ${RUNS_PER_KIND} of "%s"`,
    async (_, name, kind) => {
      let caught = 0;
      let total = 0;
      const before = fingerprint(original);
      await fc.assert(
        fc.asyncProperty(kind.tampering(original), async (tampered) => {
          total++;
          if (fingerprint(tampered) === before) throw new Error('the tampering changed nothing');
          const verdict = await verify(tampered, kind.trusted);
          if (!verdict.ok) caught++;
          return !verdict.ok;
        }),
        { seed: SEED, numRuns: RUNS_PER_KIND, endOnFailure: true },
      );
      tally.caught += caught;
      tally.total += total;
      expect({ kind: name, caught, total }).toEqual({ kind: name, caught: RUNS_PER_KIND, total: RUNS_PER_KIND });
    },
  );

  it(`caught ${thousands(KINDS.length * RUNS_PER_KIND)} of ${thousands(KINDS.length * RUNS_PER_KIND)}`, () => {
    expect(tally).toEqual({ caught: KINDS.length * RUNS_PER_KIND, total: KINDS.length * RUNS_PER_KIND });
  });
});
