import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../sqlite/sqlite.event-store';
import { SnapshotStore, type Snapshot } from './snapshot-store.port';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS snapshots (
    stream_id  TEXT    PRIMARY KEY,
    revision   INTEGER NOT NULL,
    chain_head TEXT    NOT NULL,
    version    TEXT    NOT NULL,
    state      TEXT    NOT NULL
  ) STRICT`;

interface SnapshotRow {
  readonly stream_id: string;
  readonly revision: number;
  readonly chain_head: string;
  readonly version: string;
  readonly state: string;
}

function prepareStatements(db: Database.Database) {
  return {
    latest: db.prepare<[string], SnapshotRow>(
      'SELECT stream_id, revision, chain_head, version, state FROM snapshots WHERE stream_id = ?',
    ),
    save: db.prepare<[SnapshotRow]>(
      `INSERT INTO snapshots (stream_id, revision, chain_head, version, state)
       VALUES (@stream_id, @revision, @chain_head, @version, @state)
       ON CONFLICT (stream_id) DO UPDATE SET
         revision = excluded.revision, chain_head = excluded.chain_head,
         version = excluded.version, state = excluded.state
       WHERE excluded.revision >= snapshots.revision`,
    ),
    forget: db.prepare<[string]>('DELETE FROM snapshots WHERE stream_id = ?'),
  };
}

/**
 * Each stream's latest snapshot, in a table of the event store's SQLite file. A snapshot is
 * derived from the events, so its commit is not synced on its own (`derived`): a crash of the
 * machine may lose the last ones, and the next fold reads more events.
 */
export class SqliteSnapshotStore extends SnapshotStore {
  private readonly statements: ReturnType<typeof prepareStatements>;

  private constructor(private readonly db: Database.Database) {
    super();
    this.statements = prepareStatements(db);
  }

  static open(filePath: string): SqliteSnapshotStore {
    const db = openSqliteDatabase(filePath, { derived: true });
    try {
      db.exec(SCHEMA);
      return new SqliteSnapshotStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  override async latest(streamId: string): Promise<Snapshot | undefined> {
    const row = this.statements.latest.get(streamId);
    if (!row) return undefined;
    return { revision: row.revision, chainHead: row.chain_head, version: row.version, state: JSON.parse(row.state) };
  }

  override async save(streamId: string, { revision, chainHead, version, state }: Snapshot): Promise<void> {
    this.statements.save.run({
      stream_id: streamId,
      revision,
      chain_head: chainHead,
      version,
      state: JSON.stringify(state),
    });
  }

  override async forget(streamId: string): Promise<void> {
    this.statements.forget.run(streamId);
  }

  override async close(): Promise<void> {
    this.db.close();
  }
}
