import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { eventHash } from '@lib/event-store';
import { chainedEvents, headsOf, newAuditSigningKey, rewritten } from '../verification/testing/audit-snapshot';
import { exportAuditLog, ExportRefused, exportFilter, type ExportAuditLogInput } from './export-audit-log';
import type { ErasureOf } from './export-format';
import { describeExportFailure, verifyExport } from './verify-export';

const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

const key = newAuditSigningKey();
const otherKey = newAuditSigningKey();
/** 3 streams of 6 events, interleaved: stream n's revision r is event 3r + n; dated hour r of 2026-03-01. */
const events = chainedEvents(3, 6);
const STREAM = (n: number) => events[n].streamId;
/** The newest head covers 15 of the 18 events. */
const [head] = headsOf(events, [15], key);

async function exported(
  input: Partial<ExportAuditLogInput> = {},
): Promise<{ text: string; summary: Awaited<ReturnType<typeof exportAuditLog>> }> {
  const lines: string[] = [];
  const summary = await exportAuditLog({ events: () => events, head, ...input }, (line) => {
    lines.push(line);
  });
  return { text: lines.join(''), summary };
}

const linesOf = (text: string) =>
  text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line));
const replaceLine = (text: string, index: number, edit: (value: any) => unknown) => {
  const lines = text.slice(0, -1).split('\n');
  lines[index] = canonicalize(edit(JSON.parse(lines[index]))) as string;
  return `${lines.join('\n')}\n`;
};

describe('exportAuditLog', () => {
  it('writes the events the head covers, then the head, then one inclusion proof per event, each canonical JSON and "\\n"', async () => {
    const { text, summary } = await exported();

    expect(summary).toEqual({ events: 15, cases: 3, erased: 0, treeSize: 15, keyId: key.keyId, unsealed: 3 });
    expect(text.endsWith('\n')).toBe(true);
    const lines = linesOf(text);
    expect(lines.map((line) => line.kind)).toEqual([
      ...Array(15).fill('event'),
      'head',
      ...Array(15).fill('inclusion'),
    ]);
    for (const line of text.slice(0, -1).split('\n')) expect(canonicalize(JSON.parse(line))).toBe(line);
    const event = events[4];
    expect(lines[4]).toEqual({
      kind: 'event',
      streamId: event.streamId,
      revision: 1,
      type: 'Noted',
      date: event.metadata.occurredAt,
      actor: event.metadata.actor,
      data: event.data,
      metadata: event.metadata,
      hash: event.metadata.hash,
      previousHash: event.metadata.previousHash,
      leafIndex: 4,
      erased: null,
    });
    expect(lines[15]).toEqual({ kind: 'head', ...head });
    expect(lines[16]).toEqual({ kind: 'inclusion', leafIndex: 0, treeSize: 15, auditPath: expect.any(Array) });
  });

  it("exports one stream's events, with their leaf indexes in the whole log", async () => {
    const { text, summary } = await exported({ include: exportFilter({ streamId: STREAM(1) }) });

    expect(summary).toMatchObject({ events: 5, cases: 1, unsealed: 1 });
    expect(
      linesOf(text)
        .filter((line) => line.kind === 'event')
        .map((line) => line.leafIndex),
    ).toEqual([1, 4, 7, 10, 13]);
    expect(verifyExport(text, key.publicKeyPem)).toMatchObject({ ok: true, events: 5, cases: 1 });
  });

  it('exports the events dated from --since (inclusive) until --until (exclusive)', async () => {
    const include = exportFilter({ since: new Date('2026-03-01T01:00:00Z'), until: new Date('2026-03-01T03:00:00Z') });

    const { text, summary } = await exported({ include });

    expect(summary).toMatchObject({ events: 6, cases: 3, unsealed: 0 });
    expect(
      linesOf(text)
        .filter((line) => line.kind === 'event')
        .map((line) => line.revision),
    ).toEqual([1, 1, 1, 2, 2, 2]);
    expect(verifyExport(text, key.publicKeyPem)).toMatchObject({ ok: true, events: 6 });
  });

  it('refuses without a signed head', async () => {
    await expect(exported({ head: undefined })).rejects.toThrow(ExportRefused);
  });

  it("refuses when the events no longer give the head's root, and before writing it", async () => {
    const forged = rewritten(events, STREAM(0), 2, (event) => ({ ...event, data: { note: 'forged' } }));
    const lines: string[] = [];

    await expect(exportAuditLog({ events: () => forged, head }, (line) => void lines.push(line))).rejects.toThrow(
      /no longer give the root of the newest head \(tree size 15\)/,
    );
    expect(lines.some((line) => line.includes('"kind":"head"'))).toBe(false);
  });

  it('refuses an exported event that no longer gives its hash', async () => {
    const changed = events.map((event, index) => (index === 2 ? { ...event, data: { note: 'x' } } : event));

    await expect(exported({ events: () => changed })).rejects.toThrow(/revision 0 no longer gives its hash/);
  });

  it('refuses when the store holds fewer events than the head covers', async () => {
    await expect(exported({ events: () => events.slice(0, 10) })).rejects.toThrow(
      /covers 15 events but the store holds 10/,
    );
  });
});

describe('verifyExport', () => {
  let text: string;
  beforeAll(async () => {
    text = (await exported()).text;
  });

  it('holds for an untouched export, from text or bytes', () => {
    const verdict = { ok: true, events: 15, cases: 3, erased: 0, treeSize: 15, keyId: key.keyId };
    expect(verifyExport(text, key.publicKeyPem)).toEqual(verdict);
    expect(verifyExport(Buffer.from(text), key.publicKeyPem)).toEqual(verdict);
  });

  it('holds for an export of no event', async () => {
    const { text: empty } = await exported({ include: () => false });
    expect(verifyExport(empty, key.publicKeyPem)).toMatchObject({ ok: true, events: 0, treeSize: 15 });
  });

  const refusals: [string, () => string | Uint8Array, RegExp, object?][] = [
    ['an empty export', () => '', /the export is empty/],
    ['a missing final line break', () => text.slice(0, -1), /does not end with a line break/],
    ['an empty line', () => `${text}\n`, /an empty line/, { line: 32 }],
    ['a space after a line', () => text.replace('\n', ' \n'), /not the canonical JSON/, { line: 1 }],
    ['keys out of order', () => actorLast(text), /not the canonical JSON/, { line: 1 }],
    [
      'a byte-order mark',
      () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      /the line is not JSON/,
    ],
    [
      'invalid UTF-8',
      () => Buffer.concat([Buffer.from(text.slice(0, 30)), Buffer.from([0xff]), Buffer.from(text.slice(31))]),
      /not valid UTF-8/,
    ],
    [
      'an unknown key',
      () => replaceLine(text, 3, (line) => ({ ...line, note: 1 })),
      /the event line has an unknown key "note"/,
      { line: 4 },
    ],
    ['a missing key', () => replaceLine(text, 3, ({ actor: _actor, ...line }) => line), /the event line lacks actor/],
    [
      'an unknown kind',
      () => replaceLine(text, 3, (line) => ({ ...line, kind: 'note' })),
      /not an object of a known kind/,
    ],
    ['a line that is no object', () => replaceLine(text, 3, () => [1]), /not an object of a known kind/],
    [
      'a changed date',
      () => replaceLine(text, 3, (line) => ({ ...line, date: '2026-03-02T00:00:00.000Z' })),
      /date is not metadata.occurredAt/,
      { line: 4, streamId: STREAM(0), revision: 1 },
    ],
    [
      'a changed actor',
      () => replaceLine(text, 3, (line) => ({ ...line, actor: null })),
      /actor is not metadata.actor/,
    ],
    ['changed data', () => replaceLine(text, 3, (line) => ({ ...line, data: {} })), /does not give its hash/],
    [
      'a hash that is not metadata.hash',
      () => replaceLine(text, 3, (line) => ({ ...line, hash: '0'.repeat(64) })),
      /hash is not metadata.hash/,
    ],
    [
      'a previousHash that is not metadata.previousHash',
      () => replaceLine(text, 3, (line) => ({ ...line, previousHash: '0'.repeat(64) })),
      /previousHash is not metadata.previousHash/,
    ],
    [
      'consecutive revisions that do not link',
      () => replaceLine(text, 3, (line) => relinked(line, 'f'.repeat(64))),
      /its previousHash is not the hash of revision 0/,
      { line: 4, streamId: STREAM(0), revision: 1 },
    ],
    [
      'a first revision that does not start from the genesis hash',
      () => replaceLine(text, 0, (line) => relinked(line, 'f'.repeat(64))),
      /not the genesis hash/,
      { line: 1, revision: 0 },
    ],
    ['an event after the head', () => moveLine(text, 0, 15), /an event line after the head/],
    ['a second head', () => duplicateLine(text, 15), /a second head/],
    ['a missing head', () => dropLines(text, [15]), /an inclusion proof before the head/],
    [
      'a missing inclusion proof',
      () => dropLines(text, [30]),
      /ends before its inclusion proof/,
      { streamId: STREAM(2), revision: 4 },
    ],
    ['an extra inclusion proof', () => duplicateLine(text, 30), /an inclusion proof for no event/],
    ['inclusion proofs out of order', () => moveLine(text, 16, 17), /should come here, not one for leaf 1/],
    [
      'a proof at another tree size',
      () => replaceLine(text, 16, (line) => ({ ...line, treeSize: 14 })),
      /not at the head's tree size 15/,
    ],
    [
      'a changed audit path',
      () => replaceLine(text, 16, (line) => ({ ...line, auditPath: line.auditPath.slice(1) })),
      /does not lead to the head's root/,
    ],
    [
      'an upper-case audit path',
      () =>
        replaceLine(text, 16, (line) => ({ ...line, auditPath: line.auditPath.map((h: string) => h.toUpperCase()) })),
      /not a list of 64-digit lower-case hex/,
    ],
    [
      'a changed head',
      () => replaceLine(text, 15, (line) => ({ ...line, timestamp: '2026-03-01T12:00:01.000Z' })),
      /signature does not verify/,
    ],
    [
      'a head of another key',
      () => replaceLine(text, 15, () => ({ kind: 'head', ...headsOf(events, [15], otherKey)[0] })),
      /signed by key .*, not by key /,
    ],
  ];

  it.each(refusals)('refuses %s', (_, tampered, reason, subject = {}) => {
    const verdict = verifyExport(tampered(), key.publicKeyPem);

    expect(verdict.ok).toBe(false);
    expect(verdict.failure).toMatchObject({ ...subject, reason: expect.stringMatching(reason) });
  });

  it('accepts a subset: an event left out with its proof, as an export of fewer events is', async () => {
    expect(verifyExport(dropLines(text, [3, 19]), key.publicKeyPem)).toMatchObject({ ok: true, events: 14 });
  });

  it('refuses an export checked with another key', () => {
    expect(verifyExport(text, otherKey.publicKeyPem).failure?.reason).toMatch(/signed by key .*, not by key /);
  });

  it('refuses any one changed byte', () => {
    const bytes = Buffer.from(text);
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (position, delta) => {
        const changed = Buffer.from(bytes);
        changed[position] = (changed[position] + delta) % 256;
        return !verifyExport(changed, key.publicKeyPem).ok;
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('names the case, revision and line in one sentence', () => {
    expect(describeExportFailure({ line: 7, streamId: 's-1', revision: 2, reason: 'r' }, (id) => `case ${id}`)).toBe(
      'case s-1 revision 2, line 7: r',
    );
    expect(describeExportFailure({ reason: 'r' })).toBe('r');
  });
});

describe('an erased stream in the export', () => {
  /** The test's erasing event: type Forgotten, marked with its date and reason. */
  const erasureOf: ErasureOf = (event) =>
    event.type === 'Forgotten'
      ? { date: event.metadata.occurredAt, reason: (event.data as { reason: string }).reason }
      : undefined;
  /** Stream 1 erased at its revision 4: event 13, under the head. */
  const erasedLog = rewritten(events, STREAM(1), 4, (event) => ({
    ...event,
    type: 'Forgotten',
    data: { reason: 'asked' },
  }));
  const [erasedHead] = headsOf(erasedLog, [15], key);
  const mark = { date: erasedLog[13].metadata.occurredAt, reason: 'asked' };
  const exportedErased = (include?: ExportAuditLogInput['include']) =>
    exported({ events: () => erasedLog, head: erasedHead, erasureOf, include });
  const eventLines = (text: string) => linesOf(text).filter((line) => line.kind === 'event');
  let text: string;
  beforeAll(async () => {
    text = (await exportedErased()).text;
  });

  it('marks every event line of the erased stream with its erasure, and no other line', async () => {
    const { summary } = await exportedErased();

    expect(summary).toMatchObject({ events: 15, cases: 3, erased: 1 });
    expect(eventLines(text).map((line) => [line.streamId, line.revision, line.erased])).toEqual(
      erasedLog
        .slice(0, 15)
        .map((event) => [event.streamId, event.revision, event.streamId === STREAM(1) ? mark : null]),
    );
    expect(verifyExport(text, key.publicKeyPem, { erasureOf })).toMatchObject({ ok: true, events: 15, erased: 1 });
  });

  it('exports the erasing event with a period of its stream that ends before it', async () => {
    const include = exportFilter({ since: new Date('2026-03-01T01:00:00Z'), until: new Date('2026-03-01T03:00:00Z') });

    const { text: period, summary } = await exportedErased(include);

    expect(summary).toMatchObject({ events: 7, erased: 1 });
    expect(eventLines(period).map((line) => [line.revision, line.type, line.erased])).toEqual([
      [1, 'Noted', null],
      [1, 'Noted', mark],
      [1, 'Noted', null],
      [2, 'Noted', null],
      [2, 'Noted', mark],
      [2, 'Noted', null],
      [4, 'Forgotten', mark],
    ]);
    expect(verifyExport(period, key.publicKeyPem, { erasureOf })).toMatchObject({ ok: true, events: 7, erased: 1 });
  });

  it("exports a stream that is not erased unmarked, without another stream's erasure", async () => {
    const { text: one, summary } = await exportedErased(exportFilter({ streamId: STREAM(0) }));

    expect(summary).toMatchObject({ events: 5, cases: 1, erased: 0 });
    expect(eventLines(one).every((line) => line.erased === null)).toBe(true);
    expect(verifyExport(one, key.publicKeyPem, { erasureOf })).toMatchObject({ ok: true, erased: 0 });
  });

  const refusals: [string, () => string, RegExp, object][] = [
    [
      'an erased stream line left unmarked',
      () => replaceLine(text, 4, (line) => ({ ...line, erased: null })),
      /its case is erased at revision 4: it must be marked erased \{"date":"2026-03-01T04:00:00.000Z","reason":"asked"\}/,
      { line: 5, streamId: STREAM(1), revision: 1 },
    ],
    [
      'a line marked erased in a stream not erased',
      () => replaceLine(text, 3, (line) => ({ ...line, erased: mark })),
      /marked erased, but the export holds no event erasing its case/,
      { line: 4, streamId: STREAM(0), revision: 1 },
    ],
    [
      'a mark with another reason',
      () => replaceLine(text, 13, (line) => ({ ...line, erased: { ...mark, reason: 'other' } })),
      /its case is erased at revision 4/,
      { line: 14, streamId: STREAM(1), revision: 4 },
    ],
    [
      'the erasing event left out with its proof',
      () => dropLines(text, [13, 29]),
      /marked erased, but the export holds no event erasing its case/,
      { line: 2, streamId: STREAM(1), revision: 0 },
    ],
  ];

  it.each(refusals)('refuses %s', (_, tampered, reason, subject) => {
    const verdict = verifyExport(tampered(), key.publicKeyPem, { erasureOf });

    expect(verdict.ok).toBe(false);
    expect(verdict.failure).toEqual({ ...subject, reason: expect.stringMatching(reason) });
  });

  it('refuses marks when verified as a log in which no event erases', () => {
    expect(verifyExport(text, key.publicKeyPem).failure?.reason).toMatch(/holds no event erasing its case/);
  });
});

/** The event line linked onto another previousHash, its hash recomputed: it no longer links to its stream. */
function relinked(line: any, previousHash: string): unknown {
  const { hash: _hash, ...metadata } = { ...line.metadata, previousHash };
  const hash = eventHash({ ...line, metadata });
  return { ...line, previousHash, hash, metadata: { ...metadata, hash } };
}

/** The first line with its first key, actor, moved last. */
function actorLast(text: string): string {
  const [first, ...rest] = text.split('\n');
  const actor = /^\{"actor":(\{[^}]*\}),/.exec(first) as RegExpExecArray;
  return [`{${first.slice(actor[0].length, -1)},"actor":${actor[1]}}`, ...rest].join('\n');
}

function dropLines(text: string, indexes: number[]): string {
  const lines = text.slice(0, -1).split('\n');
  return `${lines.filter((_, index) => !indexes.includes(index)).join('\n')}\n`;
}

function moveLine(text: string, from: number, to: number): string {
  const lines = text.slice(0, -1).split('\n');
  const [line] = lines.splice(from, 1);
  lines.splice(to, 0, line);
  return `${lines.join('\n')}\n`;
}

function duplicateLine(text: string, index: number): string {
  const lines = text.slice(0, -1).split('\n');
  lines.splice(index, 0, lines[index]);
  return `${lines.join('\n')}\n`;
}
