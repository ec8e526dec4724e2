import type { RecordedEvent } from '@lib/event-store';
import type { SignedTreeHead } from '../signed-head/tree-head';
import type { AuditLeaf } from '../store/audit-log-store.port';
import { describeFailure } from './audit-failure';
import {
  chainedEvents,
  headsOf,
  leavesOf,
  newAuditSigningKey,
  rewritten,
  type AuditSnapshot,
} from './testing/audit-snapshot';
import { verifyAuditLog, type AuditVerdict } from './verify-audit-log';

const key = newAuditSigningKey();
const otherKey = newAuditSigningKey();

/** 4 streams of 5 events, interleaved: stream n's revision r is event 4r + n of the log. */
const events = chainedEvents(4, 5);
const STREAM = (n: number) => events[n].streamId;
const at = (streamId: string, revision: number) =>
  events.findIndex((event) => event.streamId === streamId && event.revision === revision);

/** Sealed through 16 of 20 events in heads at 6, 12 and 16; leaves through 18. */
const sealed: AuditSnapshot = {
  events,
  leaves: leavesOf(events).slice(0, 18),
  heads: headsOf(events, [6, 12, 16], key),
};

async function* asyncly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

function verify(
  snapshot: Partial<AuditSnapshot> = {},
  options: { trustedHead?: SignedTreeHead; publicKeyPem?: string } = {},
): Promise<AuditVerdict> {
  const { events, leaves, heads } = { ...sealed, ...snapshot };
  return verifyAuditLog({
    events: asyncly(events),
    leaves: asyncly(leaves),
    heads,
    publicKeyPem: options.publicKeyPem ?? key.publicKeyPem,
    trustedHead: options.trustedHead,
    describeStream: (streamId) => `case ${streamId.replace(/^stream-/, '')}`,
  });
}

const withData = (event: RecordedEvent, data: unknown): RecordedEvent => ({ ...event, data });

describe('verifyAuditLog', () => {
  describe('an untouched store', () => {
    it('holds, counting events, streams and heads, and how many events the newest head covers', async () => {
      await expect(verify()).resolves.toEqual({
        ok: true,
        events: 20,
        cases: 4,
        heads: 3,
        sealed: 16,
        keyId: key.keyId,
      });
    });

    it('holds with nothing sealed yet: no leaf, no head', async () => {
      await expect(verify({ leaves: [], heads: [] })).resolves.toMatchObject({ ok: true, events: 20, sealed: 0 });
    });

    it('holds when empty', async () => {
      await expect(verify({ events: [], leaves: [], heads: [] })).resolves.toMatchObject({
        ok: true,
        events: 0,
        cases: 0,
      });
    });

    it('holds with its heads in any order, and reads plain iterables too', async () => {
      const verdict = await verifyAuditLog({
        events: sealed.events,
        leaves: sealed.leaves,
        heads: [...sealed.heads].reverse(),
        publicKeyPem: key.publicKeyPem,
      });
      expect(verdict).toMatchObject({ ok: true, heads: 3, sealed: 16 });
    });
  });

  describe('a changed chain', () => {
    it('names the event whose data changed', async () => {
      const changed = events.map((event, index) => (index === 9 ? withData(event, { note: 'forged' }) : event));

      const { ok, failure } = await verify({ events: changed });

      expect(ok).toBe(false);
      expect(failure).toEqual({
        streamId: STREAM(1),
        revision: 2,
        leafIndex: 9,
        reason: 'its content no longer gives its hash: the event was changed',
      });
    });

    it('names a deleted event by the leaf it was sealed as', async () => {
      const deleted = events.filter((_, index) => index !== 6);

      const { failure } = await verify({ events: deleted });

      expect(failure).toMatchObject({ streamId: STREAM(2), revision: 1, leafIndex: 6 });
      expect(failure?.reason).toMatch(
        /^it was sealed here \(signed in the head at tree size 12\), but the store no longer holds it here: case 0003 revision 1 stands in its place/,
      );
    });

    it('names a deleted event by the gap in its stream when no leaf shows it', async () => {
      const deleted = events.filter((_, index) => index !== at(STREAM(3), 2));

      const { failure } = await verify({ events: deleted, leaves: [], heads: [] });

      expect(failure).toEqual({
        streamId: STREAM(3),
        revision: 2,
        leafIndex: 14,
        reason: 'revision 2 is missing: the next event of the stream in the log is revision 3',
      });
    });

    it('names the first of two events of a stream whose contents were swapped', async () => {
      const [first, second] = [at(STREAM(0), 1), at(STREAM(0), 3)];
      const swapped = events.map((event, index) => {
        const other = index === first ? events[second] : index === second ? events[first] : undefined;
        return other ? { ...event, type: other.type, data: other.data, metadata: other.metadata } : event;
      });

      const { failure } = await verify({ events: swapped });

      expect(failure).toEqual({
        streamId: STREAM(0),
        revision: 1,
        leafIndex: first,
        reason: 'its previousHash is not the hash of revision 0',
      });
    });

    it('names an event whose revision was changed', async () => {
      const renumbered = events.map((event, index) => (index === 12 ? { ...event, revision: 7 } : event));

      const { failure } = await verify({ events: renumbered });

      expect(failure).toMatchObject({
        streamId: STREAM(0),
        revision: 3,
        leafIndex: 12,
        reason: expect.stringMatching(/^revisions 3–6 are missing/),
      });
    });

    it('names an event that carries no hash', async () => {
      const unhashed = events.map((event, index) => {
        if (index !== 3) return event;
        const { hash: _hash, ...metadata } = event.metadata;
        return { ...event, metadata };
      });

      const { failure } = await verify({ events: unhashed });

      expect(failure).toMatchObject({ streamId: STREAM(3), revision: 0, reason: 'the event carries no hash' });
    });
  });

  describe('a chain recomputed by an attacker without the key', () => {
    const forged = rewritten(events, STREAM(2), 1, (event) => withData(event, { note: 'forged' }));

    it('holds as chains, but the leaf the event was sealed as names it', async () => {
      const { failure } = await verify({ events: forged });

      expect(failure).toEqual({
        streamId: STREAM(2),
        revision: 1,
        leafIndex: 6,
        reason:
          'its hash is not the one sealed for it (signed in the head at tree size 12): the event was changed, ' +
          'and its chain recomputed, after it was sealed',
      });
    });

    it('with the leaves rebuilt too, fails the first head over it, naming the events since the last good head', async () => {
      const { failure } = await verify({ events: forged, leaves: leavesOf(forged).slice(0, 18) });

      expect(failure).toEqual({
        treeSize: 12,
        reason:
          'the first 12 events no longer give its root: one of events 6–11 (from case 0002 revision 1 to case 0003 revision 2) ' +
          'was changed, deleted, inserted or moved since the head at tree size 6, which holds',
      });
      expect(describeFailure(failure!)).toMatch(/^the head at tree size 12: the first 12 events/);
    });

    it('with the leaves rebuilt and the change in the first head, says so', async () => {
      const early = rewritten(events, STREAM(0), 0, (event) => withData(event, { note: 'forged' }));

      const { failure } = await verify({ events: early, leaves: leavesOf(early) });

      expect(failure?.treeSize).toBe(6);
      expect(failure?.reason).toMatch(
        /one of events 0–5 \(from case 0000 revision 0 to case 0001 revision 1\).* since it was sealed$/,
      );
    });

    it('passes an event not sealed yet: no leaf and no head vouches for it', async () => {
      const late = rewritten(events, STREAM(3), 4, (event) => withData(event, { note: 'rewritten before sealing' }));

      await expect(verify({ events: late })).resolves.toMatchObject({ ok: true });
    });
  });

  describe('truncation', () => {
    it('names the first deleted event by its leaf', async () => {
      const { failure } = await verify({ events: events.slice(0, 13) });

      expect(failure).toMatchObject({ streamId: STREAM(1), revision: 3, leafIndex: 13 });
      expect(failure?.reason).toMatch(/but the store no longer holds it: the log ends after 13 events/);
    });

    it('with the leaves deleted too, names the head that covers more events than the store holds', async () => {
      const { failure } = await verify({ events: events.slice(0, 13), leaves: sealed.leaves.slice(0, 13) });

      expect(failure).toEqual({
        treeSize: 16,
        reason: 'it covers 16 events but the store holds only 13: the newest events were deleted',
      });
    });

    it('passes when only unsealed events were deleted', async () => {
      await expect(verify({ events: events.slice(0, 18) })).resolves.toMatchObject({ ok: true, events: 18 });
    });
  });

  describe('the leaves', () => {
    it('must cover every event a head covers', async () => {
      const { failure } = await verify({ leaves: sealed.leaves.slice(0, 10) });

      expect(failure).toMatchObject({
        leafIndex: 10,
        reason: 'the store holds no leaf for it, though the head at tree size 16 covers it',
      });
    });

    it('must be numbered without gaps', async () => {
      const gap = sealed.leaves.filter((leaf) => leaf.leafIndex !== 4);

      const { failure } = await verify({ leaves: gap });

      expect(failure).toMatchObject({
        leafIndex: 4,
        reason: expect.stringMatching(/leaf 5 stands where leaf 4 belongs/),
      });
    });

    it('must name the event of their index', async () => {
      const moved: AuditLeaf[] = sealed.leaves.map((leaf) => (leaf.leafIndex === 2 ? { ...leaf, revision: 1 } : leaf));

      const { failure } = await verify({ leaves: moved });

      expect(failure).toMatchObject({ streamId: STREAM(2), revision: 1, leafIndex: 2 });
    });
  });

  describe('the heads', () => {
    it.each([
      [
        'rootHash',
        (head: SignedTreeHead) => ({ ...head, rootHash: head.rootHash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }),
      ],
      ['timestamp', (head: SignedTreeHead) => ({ ...head, timestamp: '2026-03-01T12:00:01.000Z' })],
      [
        'signature',
        (head: SignedTreeHead) => ({
          ...head,
          signature: head.signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        }),
      ],
    ])('names a head whose %s was edited', async (_, edit) => {
      const heads = sealed.heads.map((head) => (head.treeSize === 12 ? edit(head) : head));

      const { failure } = await verify({ heads });

      expect(failure).toEqual({
        treeSize: 12,
        reason: 'its signature does not verify: the head was changed after it was signed',
      });
    });

    it('names a head whose tree size was edited', async () => {
      const heads = sealed.heads.map((head) => (head.treeSize === 12 ? { ...head, treeSize: 11 } : head));

      await expect(verify({ heads })).resolves.toMatchObject({
        failure: { treeSize: 11, reason: expect.stringMatching(/signature does not verify/) },
      });
    });

    it('names a head signed by another key', async () => {
      const heads = [...sealed.heads, ...headsOf(events, [18], otherKey)];

      const { failure } = await verify({ heads });

      expect(failure).toEqual({
        treeSize: 18,
        reason: `it is signed by key ${otherKey.keyId}, not by key ${key.keyId}, the key it is checked with`,
      });
    });
  });

  describe('with a trusted head kept outside the store', () => {
    const trustedHead = sealed.heads[1];
    const forged = rewritten(events, STREAM(1), 0, (event) => withData(event, { note: 'forged' }));

    it('holds when the store extends it', async () => {
      await expect(verify({}, { trustedHead })).resolves.toMatchObject({ ok: true });
      await expect(verify({}, { trustedHead: sealed.heads[2] })).resolves.toMatchObject({ ok: true });
    });

    it('catches a store rewritten with its leaves rebuilt and its heads deleted, which plain verification passes', async () => {
      const attacked = { events: forged, leaves: leavesOf(forged), heads: [] };

      await expect(verify(attacked)).resolves.toMatchObject({ ok: true });
      const { failure } = await verify(attacked, { trustedHead });
      expect(failure).toEqual({
        treeSize: 12,
        trustedHead: true,
        reason:
          'the store holds no signed head at all, though the trusted head covers 12 events: its heads were deleted',
      });
      expect(describeFailure(failure!)).toMatch(/^the trusted head \(tree size 12\): the store holds no signed head/);
    });

    it('catches a store rewritten and re-signed by the key it is checked with (one that signs whatever it is given)', async () => {
      const resigned = { events: forged, leaves: leavesOf(forged), heads: headsOf(forged, [6, 12, 16], key) };

      await expect(verify(resigned)).resolves.toMatchObject({ ok: true });
      const { failure } = await verify(resigned, { trustedHead });
      expect(failure).toMatchObject({ treeSize: 12, trustedHead: true });
      expect(failure?.reason).toMatch(
        /^the log is not an extension of it: the newest stored head \(tree size 16\) is not consistent/,
      );
    });

    it("catches a store re-signed with another key, checked with that key: the trusted head is not that key's", async () => {
      const resigned = { events: forged, leaves: leavesOf(forged), heads: headsOf(forged, [6, 12, 16], otherKey) };

      await expect(verify(resigned, { publicKeyPem: otherKey.publicKeyPem })).resolves.toMatchObject({ ok: true });
      const { failure } = await verify(resigned, { publicKeyPem: otherKey.publicKeyPem, trustedHead });
      expect(failure).toMatchObject({
        treeSize: 12,
        trustedHead: true,
        reason: expect.stringMatching(/^it is signed by key /),
      });
    });

    it('catches a store cut back below it with its newer heads dropped', async () => {
      const cut = { events: events.slice(0, 8), leaves: sealed.leaves.slice(0, 8), heads: sealed.heads.slice(0, 1) };

      await expect(verify(cut)).resolves.toMatchObject({ ok: true });
      await expect(verify(cut, { trustedHead })).resolves.toMatchObject({
        failure: {
          trustedHead: true,
          reason: expect.stringMatching(/^the newest stored head covers 6 events, fewer than the trusted head/),
        },
      });
    });

    it('refuses a trusted head whose signature does not verify', async () => {
      const edited = { ...trustedHead, treeSize: 13 };

      await expect(verify({}, { trustedHead: edited })).resolves.toMatchObject({
        failure: { treeSize: 13, trustedHead: true, reason: expect.stringMatching(/signature does not verify/) },
      });
    });
  });

  describe('describeFailure', () => {
    it('names the stream, revision and log position, then the reason', () => {
      expect(
        describeFailure(
          { streamId: 'supportCase-abc', revision: 2, leafIndex: 17, reason: 'r' },
          (streamId) => `case ${streamId.slice('supportCase-'.length)}`,
        ),
      ).toBe('case abc revision 2 (event 17 of the log): r');
      expect(describeFailure({ reason: 'r' })).toBe('r');
    });
  });
});
