import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteCheckpointStore, SqliteEventStore, START_OF_LOG } from '@lib/event-store';
import { describeAuditLogStoreContract } from './audit-log-store.contract';
import { SqliteAuditLogStore } from './sqlite-audit-log.store';

function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'audit-log-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

describeAuditLogStoreContract('SqliteAuditLogStore', async () => {
  const directory = temporaryDirectory();
  return {
    open: async () => SqliteAuditLogStore.open(join(directory.path, 'service.db')),
    cleanup: async () => directory.remove(),
  };
});

describe('SqliteAuditLogStore', () => {
  let directory: { path: string; remove(): void };
  let file: string;
  const closeAfterTest: { close(): Promise<void> }[] = [];

  function opened<T extends { close(): Promise<void> }>(closable: T): T {
    closeAfterTest.push(closable);
    return closable;
  }

  beforeEach(() => {
    directory = temporaryDirectory();
    file = join(directory.path, 'service.db');
  });

  afterEach(async () => {
    await Promise.all(closeAfterTest.splice(0).map((closable) => closable.close()));
    directory.remove();
  });

  it('shares the service file with the event store, each writing its own tables', async () => {
    const events = opened(SqliteEventStore.open(file));
    const log = opened(SqliteAuditLogStore.open(file));
    const eventsOpenedAfter = opened(SqliteEventStore.open(file));

    const { position } = await events.appendToStream(
      'case-1',
      [{ id: randomUUID(), type: 'Opened', data: {}, metadata: {} }],
      'no_stream',
    );
    await log.append(
      [{ leafIndex: 0, eventHash: 'ab'.repeat(32), streamId: 'case-1', revision: 0, position }],
      position,
    );
    await eventsOpenedAfter.appendToStream(
      'case-2',
      [{ id: randomUUID(), type: 'Opened', data: {}, metadata: {} }],
      'no_stream',
    );

    expect((await events.readAll({ after: START_OF_LOG, maxCount: 10 })).map((event) => event.streamId)).toEqual([
      'case-1',
      'case-2',
    ]);
    expect(await log.leafCount()).toBe(1);
    expect(await log.loadCheckpoint()).toEqual(position);
  });

  it("keeps its checkpoint as the row 'audit-sealer' of the shared checkpoints table, beside the others", async () => {
    const relay = opened(SqliteCheckpointStore.open(file, 'relay'));
    await relay.save({ commit: 2, prepare: 2 });
    const log = opened(SqliteAuditLogStore.open(file));

    await log.append([], { commit: 7, prepare: 7 });

    const db = openSqliteDatabase(file);
    try {
      expect(db.prepare('SELECT name, commit_position, prepare_position FROM checkpoints ORDER BY name').all()).toEqual(
        [
          { name: 'audit-sealer', commit_position: 7, prepare_position: 7 },
          { name: 'relay', commit_position: 2, prepare_position: 2 },
        ],
      );
    } finally {
      db.close();
    }
    expect(await relay.load()).toEqual({ commit: 2, prepare: 2 });
  });

  it('answers leavesAt from its position index, not by scanning the leaves', async () => {
    opened(SqliteAuditLogStore.open(file));
    const db = openSqliteDatabase(file);
    const plan = (sql: string) =>
      db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((step) => step.detail)
        .join('; ');
    try {
      expect(
        plan(
          `SELECT * FROM audit_leaves WHERE (commit_position, prepare_position)
           IN (SELECT value ->> 'commit', value ->> 'prepare' FROM json_each('[]')) ORDER BY leaf_index`,
        ),
      ).toMatch(/^SEARCH audit_leaves USING INDEX \S+ \(commit_position=\? AND prepare_position=\?\)/);
    } finally {
      db.close();
    }
  });
});
