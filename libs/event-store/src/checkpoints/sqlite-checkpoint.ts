import type Database from 'better-sqlite3';
import { START_OF_LOG, type LogPosition } from '../event-store.port';

interface PositionRow {
  readonly commit: number;
  readonly prepare: number;
}

/** One table of named checkpoints, shared by every consumer of the log in the same file. */
export function createCheckpointTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
    name TEXT PRIMARY KEY,
    commit_position INTEGER NOT NULL,
    prepare_position INTEGER NOT NULL
  )`);
}

/** One consumer's row in `checkpoints`, written inside whatever transaction its caller holds. */
export class SqliteCheckpoint {
  private readonly select;
  private readonly set;
  private readonly advance;

  constructor(
    db: Database.Database,
    private readonly name: string,
  ) {
    this.select = db.prepare<[string], PositionRow>(
      'SELECT commit_position AS "commit", prepare_position AS prepare FROM checkpoints WHERE name = ?',
    );
    const upsert = `INSERT INTO checkpoints (name, commit_position, prepare_position) VALUES (@name, @commit, @prepare)
      ON CONFLICT (name) DO UPDATE SET commit_position = excluded.commit_position, prepare_position = excluded.prepare_position`;
    this.set = db.prepare<[PositionRow & { name: string }]>(upsert);
    this.advance = db.prepare<[PositionRow & { name: string }]>(
      `${upsert} WHERE (excluded.commit_position, excluded.prepare_position) > (commit_position, prepare_position)`,
    );
  }

  load(): LogPosition {
    const row = this.select.get(this.name);
    return row ? { commit: row.commit, prepare: row.prepare } : START_OF_LOG;
  }

  /** Moves forward only: a stale re-delivered batch must not send its consumer back. */
  advanceTo(position: LogPosition): void {
    this.advance.run({ name: this.name, ...position });
  }

  setTo(position: LogPosition): void {
    this.set.run({ name: this.name, ...position });
  }
}
