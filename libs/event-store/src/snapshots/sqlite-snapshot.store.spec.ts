import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import { describeSnapshotStoreContract } from './snapshot-store.contract';
import { SqliteSnapshotStore } from './sqlite-snapshot.store';

function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'snapshot-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

describeSnapshotStoreContract('SqliteSnapshotStore', async () => {
  const directory = temporaryDirectory();
  const store = SqliteSnapshotStore.open(join(directory.path, 'events.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      directory.remove();
    },
  };
});

describe('SqliteSnapshotStore', () => {
  const directory = temporaryDirectory();
  const file = join(directory.path, 'events.db');
  afterAll(() => directory.remove());

  it("keeps its snapshots across a reopen, in the event store's file beside its events", async () => {
    const events = SqliteEventStore.open(file);
    const snapshots = SqliteSnapshotStore.open(file);
    const event = { id: randomUUID(), type: 'Tested', data: {}, metadata: {} };
    await events.appendToStream('stream-1', [event], 'no_stream');
    await snapshots.save('stream-1', { revision: 0, chainHead: 'hash-0', version: 'v1', state: { seen: 1 } });
    await snapshots.close();

    const reopened = SqliteSnapshotStore.open(file);
    expect(await reopened.latest('stream-1')).toEqual({
      revision: 0,
      chainHead: 'hash-0',
      version: 'v1',
      state: { seen: 1 },
    });
    expect(await events.readStream('stream-1')).toHaveLength(1);
    await Promise.all([reopened.close(), events.close()]);
  });
});
