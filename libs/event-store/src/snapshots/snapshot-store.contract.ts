import { randomUUID } from 'node:crypto';
import type { Snapshot, SnapshotStore } from './snapshot-store.port';

export interface SnapshotStoreFixture {
  store: SnapshotStore;
  cleanup(): Promise<void>;
}

/** The behaviour every SnapshotStore adapter promises. Stream ids are unique per test. */
export function describeSnapshotStoreContract(name: string, create: () => Promise<SnapshotStoreFixture>): void {
  describe(`${name} (SnapshotStore contract)`, () => {
    let store: SnapshotStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await create());
    });

    afterEach(async () => {
      await cleanup();
    });

    it('has no snapshot of a stream it was never given one of', async () => {
      expect(await store.latest(uniqueId('stream'))).toBeUndefined();
    });

    it('answers a snapshot as it was saved, its state a copy', async () => {
      const streamId = uniqueId('stream');
      const state = { title: 'No picture', tags: ['tv'], nested: { n: 1.5, no: null }, text: 'ünïcødé ✓' };
      await store.save(streamId, snapshotAt(41, state));
      state.tags.push('changed after the save');

      expect(await store.latest(streamId)).toEqual(
        snapshotAt(41, { title: 'No picture', tags: ['tv'], nested: { n: 1.5, no: null }, text: 'ünïcødé ✓' }),
      );
    });

    it('keeps the snapshot of the latest revision, whatever the order they are saved in', async () => {
      const streamId = uniqueId('stream');
      await store.save(streamId, snapshotAt(200));
      await store.save(streamId, snapshotAt(100));
      expect((await store.latest(streamId))?.revision).toBe(200);

      await store.save(streamId, snapshotAt(300));
      expect((await store.latest(streamId))?.revision).toBe(300);
    });

    it('replaces a snapshot with one of the same revision, of another version', async () => {
      const streamId = uniqueId('stream');
      await store.save(streamId, snapshotAt(100, 'old', 'v1'));
      await store.save(streamId, snapshotAt(100, 'new', 'v2'));
      expect(await store.latest(streamId)).toEqual(snapshotAt(100, 'new', 'v2'));
    });

    it("forgets a stream's snapshots, and only that stream's", async () => {
      const [forgotten, kept] = [uniqueId('forgotten'), uniqueId('kept')];
      await store.save(forgotten, snapshotAt(100));
      await store.save(kept, snapshotAt(100));

      await store.forget(forgotten);
      await store.forget(uniqueId('never-saved'));

      expect(await store.latest(forgotten)).toBeUndefined();
      expect(await store.latest(kept)).toEqual(snapshotAt(100));
    });
  });
}

function snapshotAt(revision: number, state: unknown = { revision }, version = 'v1'): Snapshot {
  return { revision, chainHead: `hash-of-${revision}`, version, state };
}

function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
