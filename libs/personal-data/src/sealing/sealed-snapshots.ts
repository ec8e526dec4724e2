import { SnapshotStore, type Snapshot } from '@lib/event-store';
import { UnopenableValue } from '../aes-gcm';
import { isSealed } from '../data-key';
import type { DataKeys, KeyOrDestroyed } from '../data-keys';
import { DESTROYED } from '../key-store/data-key-store.port';

/**
 * Snapshots at rest: each state sealed whole under its stream's data key (one seal per
 * snapshot, not one per value), its revision, chain head and version in the clear beside it.
 * The seal is bound to them, so a state opens only as the snapshot it was saved as. Once the
 * key is destroyed a stream's snapshot is as if missing, and no new one is saved: its events
 * are folded, and open without their personal values. It closes the store it wraps.
 */
export class SealedSnapshots extends SnapshotStore {
  constructor(
    private readonly stored: SnapshotStore,
    private readonly keys: DataKeys,
  ) {
    super();
  }

  /** Throws UnopenableValue for a state not sealed as this snapshot's, or changed at rest. */
  override async latest(streamId: string): Promise<Snapshot | undefined> {
    const snapshot = await this.stored.latest(streamId);
    if (!snapshot) return undefined;
    const key = await this.keyOf(streamId);
    if (key === DESTROYED) return undefined;
    if (!isSealed(snapshot.state)) throw new UnopenableValue(`the snapshot of ${streamId} is not sealed`);
    return { ...snapshot, state: JSON.parse(key.open(sealedAt(snapshot), snapshot.state)) };
  }

  override async save(streamId: string, snapshot: Snapshot): Promise<void> {
    const key = await this.keyOf(streamId);
    if (key === DESTROYED) return;
    await this.stored.save(streamId, {
      ...snapshot,
      state: key.seal(sealedAt(snapshot), JSON.stringify(snapshot.state)),
    });
  }

  override forget(streamId: string): Promise<void> {
    return this.stored.forget(streamId);
  }

  override close(): Promise<void> {
    return this.stored.close();
  }

  private async keyOf(streamId: string): Promise<KeyOrDestroyed> {
    return (await this.keys.keysOf([streamId])).get(streamId)!;
  }
}

/** The path a snapshot's state is sealed at: the snapshot it belongs to. */
function sealedAt({ version, revision, chainHead }: Snapshot): string {
  return `snapshot/${version}/${revision}/${chainHead}`;
}
