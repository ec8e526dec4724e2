import { InMemorySnapshotStore, type Snapshot } from '@lib/event-store';
import { UnopenableValue } from '../aes-gcm';
import type { DataKeys } from '../data-keys';
import { dataKeysInMemory } from '../testing';
import { SealedSnapshots } from './sealed-snapshots';

const STATE = { name: 'Ada Lovelace', comments: [{ text: 'Call Gertrud on 12 34 56 78' }], solved: false };

function snapshotAt(revision: number, state: unknown = STATE): Snapshot {
  return { revision, chainHead: `hash-of-${revision}`, version: 'v1', state };
}

describe('SealedSnapshots', () => {
  let keys: DataKeys;
  let stored: InMemorySnapshotStore;
  let snapshots: SealedSnapshots;

  beforeEach(async () => {
    keys = await dataKeysInMemory();
    await keys.keysFor(['case-1', 'case-2']);
    stored = new InMemorySnapshotStore();
    snapshots = new SealedSnapshots(stored, keys);
  });

  afterEach(async () => {
    await snapshots.close();
    await keys.close();
  });

  it('stores the state sealed whole, no personal value in the clear, and answers it opened', async () => {
    await snapshots.save('case-1', snapshotAt(99));

    const kept = await stored.latest('case-1');
    expect(kept).toEqual({ ...snapshotAt(99), state: expect.stringMatching(/^sealed:/) });
    for (const personal of ['Ada', 'Lovelace', 'Gertrud', '12 34'])
      expect(JSON.stringify(kept)).not.toContain(personal);
    expect(await snapshots.latest('case-1')).toEqual(snapshotAt(99));
  });

  it('has no snapshot of a stream whose key was destroyed, and saves none', async () => {
    await snapshots.save('case-1', snapshotAt(99));
    await keys.destroy('case-1');

    expect(await snapshots.latest('case-1')).toBeUndefined();
    await snapshots.save('case-1', snapshotAt(199, { erased: true }));
    expect((await stored.latest('case-1'))?.revision).toBe(99);
  });

  it('opens a state only as the snapshot it was saved as', async () => {
    await snapshots.save('case-1', snapshotAt(99));
    const { state: sealed } = (await stored.latest('case-1'))!;

    await stored.save('case-1', { ...snapshotAt(199), state: sealed });
    await expect(snapshots.latest('case-1')).rejects.toThrow(UnopenableValue);
    await stored.save('case-2', { ...snapshotAt(99), state: sealed });
    await expect(snapshots.latest('case-2')).rejects.toThrow(UnopenableValue);
  });

  it('refuses a state stored in the clear', async () => {
    await stored.save('case-1', snapshotAt(99));
    await expect(snapshots.latest('case-1')).rejects.toThrow(UnopenableValue);
  });

  it("forgets a stream's snapshots in the store it wraps", async () => {
    await snapshots.save('case-1', snapshotAt(99));
    await snapshots.forget('case-1');
    expect(await stored.latest('case-1')).toBeUndefined();
  });
});
