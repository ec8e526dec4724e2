import { createHash } from 'node:crypto';
import { START_OF_LOG, type LogPosition } from '@lib/event-store';
import type { SignedTreeHead } from '../signed-head/tree-head';
import type { AuditLeaf, AuditLogStore } from './audit-log-store.port';

/** Fresh, empty storage for one test; `open` may be called again to reopen it or to read it from a second store. */
export interface AuditLogStoreFixture {
  open(): Promise<AuditLogStore>;
  /** Removes the storage; every store opened on it is closed by then. */
  cleanup(): Promise<void>;
}

/** The behaviour every AuditLogStore adapter promises. */
export function describeAuditLogStoreContract(name: string, create: () => Promise<AuditLogStoreFixture>): void {
  describe(`${name} (AuditLogStore contract)`, () => {
    let fixture: AuditLogStoreFixture;
    let opened: AuditLogStore[];
    let store: AuditLogStore;

    async function open(): Promise<AuditLogStore> {
      const another = await fixture.open();
      opened.push(another);
      return another;
    }

    async function reopen(): Promise<AuditLogStore> {
      await store.close();
      opened.splice(opened.indexOf(store), 1);
      store = await open();
      return store;
    }

    beforeEach(async () => {
      fixture = await create();
      opened = [];
      store = await open();
    });

    afterEach(async () => {
      await Promise.all(opened.map((each) => each.close()));
      await fixture.cleanup();
    });

    /** Everything the store holds, to show a refused call changed nothing. */
    async function contents(from: AuditLogStore = store) {
      return {
        leafCount: await from.leafCount(),
        leaves: await from.leaves(0, 1000),
        checkpoint: await from.loadCheckpoint(),
        heads: await from.heads(),
      };
    }

    describe('when empty', () => {
      it('holds no leaf, no head, and its checkpoint at the start of the log', async () => {
        expect(await contents()).toEqual({ leafCount: 0, leaves: [], checkpoint: START_OF_LOG, heads: [] });
        expect(await store.latestHead()).toBeUndefined();
        expect(await store.leavesAt([position(1), position(2)])).toEqual([]);
      });
    });

    describe('append', () => {
      it('stores leaves in index order and moves the checkpoint with them', async () => {
        const first = leavesFrom(0, 3);
        const second = leavesFrom(3, 2);

        await store.append(first, position(10));
        await store.append(second, position(14));

        expect(await store.leafCount()).toBe(5);
        expect(await store.leaves(0, 100)).toEqual([...first, ...second]);
        expect(await store.loadCheckpoint()).toEqual(position(14));
      });

      it('reads a page of at most maxCount leaves from fromIndex', async () => {
        const all = leavesFrom(0, 6);
        await store.append(all, position(6));

        expect(await store.leaves(2, 3)).toEqual(all.slice(2, 5));
        expect(await store.leaves(4, 10)).toEqual(all.slice(4));
        expect(await store.leaves(6, 10)).toEqual([]);
      });

      it('moves the checkpoint without leaves: events with nothing to seal were read', async () => {
        await store.append(leavesFrom(0, 1), position(3));

        await store.append([], position(8));

        expect(await contents()).toMatchObject({ leafCount: 1, checkpoint: position(8) });
      });

      it('never moves the checkpoint back', async () => {
        await store.append(leavesFrom(0, 2), position(9));

        await store.append(leavesFrom(2, 1), position(4));

        expect(await contents()).toMatchObject({ leafCount: 3, checkpoint: position(9) });
      });

      it('keeps a commit position different from its prepare position', async () => {
        await store.append(leavesFrom(0, 1), { commit: 2 ** 40, prepare: 2 ** 40 - 7 });

        expect(await store.loadCheckpoint()).toEqual({ commit: 2 ** 40, prepare: 2 ** 40 - 7 });
      });

      describe('refuses, storing neither leaves nor checkpoint,', () => {
        beforeEach(async () => {
          await store.append(leavesFrom(0, 3), position(3));
        });

        async function expectRefused(leaves: readonly AuditLeaf[], message?: RegExp): Promise<void> {
          const before = await contents();

          await expect(store.append(leaves, position(50))).rejects.toThrow(message);

          expect(await contents()).toEqual(before);
        }

        it('a batch that leaves a gap after the last leaf', () =>
          expectRefused(leavesFrom(4, 2), /has index 4, expected 3/));

        it('a batch that overlaps leaves already stored', () =>
          expectRefused(leavesFrom(2, 2), /has index 2, expected 3/));

        it('a batch whose indices are not consecutive', () =>
          expectRefused([leaf(3), leaf(5)], /has index 5, expected 4/));

        it('a batch whose indices are in the wrong order', () =>
          expectRefused([leaf(4), leaf(3)], /has index 4, expected 3/));

        it('a leaf of an event already sealed (its log position), though the leaves before it were fine', () =>
          expectRefused([leaf(3), { ...leaf(4), position: leaf(0).position }], /repeats an event already sealed/));
      });

      it('lets one of two stores appending the same next leaves win, and refuses the other', async () => {
        const rival = await open();

        const outcomes = await Promise.allSettled([
          store.append(leavesFrom(0, 3), position(3)),
          rival.append([leaf(0), { ...leaf(1), eventHash: eventHash('rival') }], position(2)),
        ]);

        expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
        const winner = outcomes[0].status === 'fulfilled' ? 0 : 1;
        expect(await contents()).toEqual({
          leafCount: winner === 0 ? 3 : 2,
          leaves: winner === 0 ? leavesFrom(0, 3) : [leaf(0), { ...leaf(1), eventHash: eventHash('rival') }],
          checkpoint: position(winner === 0 ? 3 : 2),
          heads: [],
        });
      });
    });

    describe('leavesAt', () => {
      it('returns the leaves of the events at the positions asked, in index order, and none for the others', async () => {
        const leaves = leavesFrom(0, 5);
        await store.append(leaves, position(5));

        expect(await store.leavesAt([leaves[3].position, leaves[0].position, position(999)])).toEqual([
          leaves[0],
          leaves[3],
        ]);
        expect(await store.leavesAt([])).toEqual([]);
      });

      it('tells apart events of one commit by their prepare positions, beyond 2^32', async () => {
        const commit = 2 ** 40 + 3;
        const leaves = [
          { ...leaf(0), position: { commit, prepare: commit - 9 } },
          { ...leaf(1), position: { commit, prepare: commit - 4 } },
        ];
        await store.append(leaves, position(commit));

        expect(await store.leavesAt([leaves[1].position])).toEqual([leaves[1]]);
        expect(await store.leavesAt([{ commit, prepare: commit }])).toEqual([]);
      });

      it('takes more positions at once than SQLite takes parameters', async () => {
        const leaves = leavesFrom(0, 40_000);
        await store.append(leaves, position(100_000));

        const found = await store.leavesAt(leaves.map((each) => each.position));

        expect(found).toHaveLength(40_000);
      });
    });

    describe('heads', () => {
      it('gives back every field of a saved head', async () => {
        const saved = head(3);

        await store.saveHead(saved);

        expect(await store.heads()).toEqual([saved]);
        expect(await store.latestHead()).toEqual(saved);
      });

      it('lists heads by tree size, and takes the largest as the latest whatever the order saved', async () => {
        for (const treeSize of [5, 2, 9, 7]) await store.saveHead(head(treeSize));

        expect(await store.heads()).toEqual([head(2), head(5), head(7), head(9)]);
        expect(await store.latestHead()).toEqual(head(9));
      });

      it('lists only the heads of trees larger than the one asked after', async () => {
        for (const treeSize of [5, 2, 9, 7]) await store.saveHead(head(treeSize));

        expect(await store.heads(5)).toEqual([head(7), head(9)]);
        expect(await store.heads(9)).toEqual([]);
      });

      it('refuses a second head for a tree size already signed, keeping the first', async () => {
        await store.saveHead(head(4));

        await expect(store.saveHead({ ...head(4), rootHash: eventHash('other root') })).rejects.toThrow(
          /tree size 4 is already stored/,
        );

        expect(await store.heads()).toEqual([head(4)]);
      });

      it('keeps a head of the empty tree', async () => {
        await store.saveHead(head(0));

        expect(await store.latestHead()).toEqual(head(0));
      });
    });

    describe('durability and sharing', () => {
      it('keeps leaves, checkpoint and heads across a reopen', async () => {
        await store.append(leavesFrom(0, 3), position(5));
        await store.saveHead(head(3));
        const before = await contents();

        const reopened = await reopen();

        expect(await contents(reopened)).toEqual(before);
        expect(await reopened.latestHead()).toEqual(head(3));
      });

      it('lets a second store on the same storage read what the first wrote, as a reader in another process does', async () => {
        const reader = await open();

        await store.append(leavesFrom(0, 2), position(2));
        await store.saveHead(head(2));

        expect(await contents(reader)).toEqual(await contents());
      });

      it('continues the log from a reopened store', async () => {
        await store.append(leavesFrom(0, 2), position(2));

        const reopened = await reopen();
        await reopened.append(leavesFrom(2, 2), position(4));

        expect(await reopened.leaves(0, 10)).toEqual(leavesFrom(0, 4));
      });
    });
  });
}

function eventHash(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** The leaf `leafIndex` of a log whose event n opens a stream of its own, at commit 2n + 1. */
function leaf(leafIndex: number): AuditLeaf {
  return {
    leafIndex,
    eventHash: eventHash(`event ${leafIndex}`),
    streamId: `case-${leafIndex}`,
    revision: 0,
    position: position(2 * leafIndex + 1),
  };
}

function leavesFrom(firstIndex: number, count: number): AuditLeaf[] {
  return Array.from({ length: count }, (_, offset) => leaf(firstIndex + offset));
}

function position(commit: number): LogPosition {
  return { commit, prepare: commit };
}

function head(treeSize: number): SignedTreeHead {
  return {
    treeSize,
    rootHash: eventHash(`root ${treeSize}`),
    timestamp: `2026-01-0${(treeSize % 9) + 1}T12:00:00.000Z`,
    keyId: `key-${treeSize % 2}`,
    signature: eventHash(`signature ${treeSize}`).repeat(2),
  };
}
