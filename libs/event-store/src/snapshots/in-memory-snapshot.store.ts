import { SnapshotStore, type Snapshot } from './snapshot-store.port';

/** Snapshots held in memory, copied in and out as a store on disk would keep them. */
export class InMemorySnapshotStore extends SnapshotStore {
  private readonly snapshots = new Map<string, { readonly revision: number; readonly json: string }>();

  override async latest(streamId: string): Promise<Snapshot | undefined> {
    const kept = this.snapshots.get(streamId);
    return kept && JSON.parse(kept.json);
  }

  override async save(streamId: string, snapshot: Snapshot): Promise<void> {
    if ((this.snapshots.get(streamId)?.revision ?? -1) > snapshot.revision) return;
    this.snapshots.set(streamId, { revision: snapshot.revision, json: JSON.stringify(snapshot) });
  }

  override async forget(streamId: string): Promise<void> {
    this.snapshots.delete(streamId);
  }

  override async close(): Promise<void> {}
}
