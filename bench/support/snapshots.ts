import { SqliteEventStore, SqliteSnapshotStore } from '@lib/event-store';
import { OpenedEventStore, SealedSnapshots } from '@lib/personal-data';
import { dirname } from 'node:path';
import { SupportCaseStreams } from '../../apps/supportcase-service/src/streams/support-case-streams';
import { withServiceSealing } from './sealing';

/**
 * Folds each case once as the service does, so cases appended straight into the store get the
 * snapshots that writing them through the service would have left.
 */
export async function snapshotAsTheServiceWould(filePath: string, caseIds: readonly string[]): Promise<void> {
  const store = SqliteEventStore.open(filePath);
  try {
    await withServiceSealing(dirname(filePath), async ({ keys, sealing }) => {
      const snapshots = new SealedSnapshots(SqliteSnapshotStore.open(filePath), keys);
      try {
        const streams = new SupportCaseStreams(store, new OpenedEventStore(store, sealing), snapshots);
        for (const caseId of caseIds) await streams.load(caseId);
      } finally {
        await snapshots.close();
      }
    });
  } finally {
    await store.close();
  }
}
