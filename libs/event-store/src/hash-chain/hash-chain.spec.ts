import { createHash } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { GENESIS_HASH, eventHash, linked, verifyChain } from './hash-chain';

const STREAM = 'supportCase-a';

function newEvent(n: number): NewEvent {
  return { id: `id-${n}`, type: 'Noted', data: { note: `note ${n}`, amount: n / 10 }, metadata: { actor: 'ada' } };
}

/** A stream's events as a store gives them back, linked from its first. */
function recorded(count: number): RecordedEvent[] {
  const events = linked(
    STREAM,
    Array.from({ length: count }, (_, n) => newEvent(n)),
    0,
    GENESIS_HASH,
  );
  return events.map((event, revision) => ({
    ...event,
    streamId: STREAM,
    revision,
    position: { commit: revision + 1, prepare: revision + 1 },
    recordedAt: '2026-01-01T00:00:00.000Z',
  }));
}

describe('eventHash', () => {
  it('is the SHA-256 of the RFC 8785 canonical JSON of stream, revision, type, data and metadata but hash', () => {
    const event = {
      streamId: STREAM,
      revision: 3,
      type: 'Noted',
      data: { b: 1.5, a: 'x' },
      metadata: { z: true, hash: 'h' },
    };
    const canonical =
      '{"data":{"a":"x","b":1.5},"metadata":{"z":true},"revision":3,"streamId":"supportCase-a","type":"Noted"}';
    expect(eventHash(event)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('does not depend on the order of keys', () => {
    const one = {
      streamId: STREAM,
      revision: 0,
      type: 'T',
      data: { a: 1, b: [1, { c: 2, d: 3 }] },
      metadata: { x: 1, y: 2 },
    };
    const other = {
      type: 'T',
      revision: 0,
      streamId: STREAM,
      data: { b: [1, { d: 3, c: 2 }], a: 1 },
      metadata: { y: 2, x: 1 },
    };
    expect(eventHash(one)).toBe(eventHash(other));
  });
});

describe('linked', () => {
  it('links the first event to the hash it follows and each next one to the one before', () => {
    const events = linked(STREAM, [newEvent(0), newEvent(1)], 0, GENESIS_HASH);
    expect(events[0].metadata).toMatchObject({ actor: 'ada', previousHash: GENESIS_HASH });
    expect(events[1].metadata.previousHash).toBe(events[0].metadata.hash);
    expect(events[1].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifyChain', () => {
  it('holds for a chain as it was written', () => {
    expect(verifyChain(recorded(5))).toEqual({ ok: true, events: 5 });
    expect(verifyChain([])).toEqual({ ok: true, events: 0 });
  });

  it.each<[string, (events: RecordedEvent[]) => RecordedEvent[], number, string]>([
    [
      'a field of an event changed',
      (events) => events.map((e, i) => (i === 2 ? { ...e, data: { note: 'other', amount: 0.2 } } : e)),
      2,
      'the hash does not match the event',
    ],
    [
      'an event deleted in the middle',
      (events) => events.filter((_, i) => i !== 2),
      2,
      'revision 3 stands where 2 belongs',
    ],
    [
      'two events swapped, their revisions too',
      (events) => [events[0], { ...events[2], revision: 1 }, { ...events[1], revision: 2 }, ...events.slice(3)],
      1,
      'previousHash is not the hash of the event before',
    ],
    [
      'an event replaced, its own hash recomputed',
      (events) =>
        events.map((e, i) => {
          if (i !== 3) return e;
          const forged = { ...e, data: { note: 'forged' } };
          return { ...forged, metadata: { ...forged.metadata, hash: eventHash(forged) } };
        }),
      4,
      'previousHash is not the hash of the event before',
    ],
    [
      'an event without a hash',
      (events) => events.map((e, i) => (i === 1 ? { ...e, metadata: { actor: 'ada' } } : e)),
      1,
      'the event carries no hash',
    ],
  ])('names the first revision that does not hold when %s', (_kind, tamper, brokenAt, reason) => {
    expect(verifyChain(tamper(recorded(5)))).toEqual({ ok: false, events: expect.any(Number), brokenAt, reason });
  });
});
