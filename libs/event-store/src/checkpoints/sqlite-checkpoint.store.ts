import type Database from 'better-sqlite3';
import { CheckpointStore } from './checkpoint-store';
import type { LogPosition } from '../event-store.port';
import { createCheckpointTable, SqliteCheckpoint } from './sqlite-checkpoint';
import { openSqliteDatabase } from '../sqlite/sqlite.event-store';

/** A named checkpoint in the SQLite file, for consumers that keep no rows of their own there. */
export class SqliteCheckpointStore extends CheckpointStore {
  private constructor(
    private readonly db: Database.Database,
    private readonly checkpoint: SqliteCheckpoint,
  ) {
    super();
  }

  static open(filePath: string, name: string): SqliteCheckpointStore {
    const db = openSqliteDatabase(filePath);
    createCheckpointTable(db);
    return new SqliteCheckpointStore(db, new SqliteCheckpoint(db, name));
  }

  async load(): Promise<LogPosition> {
    return this.checkpoint.load();
  }

  async save(position: LogPosition): Promise<void> {
    this.checkpoint.advanceTo(position);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
