import { describeSnapshotStoreContract } from './snapshot-store.contract';
import { InMemorySnapshotStore } from './in-memory-snapshot.store';

describeSnapshotStoreContract('InMemorySnapshotStore', async () => {
  const store = new InMemorySnapshotStore();
  return { store, cleanup: () => store.close() };
});
