import { escapeIdentifier, type ClientBase, type Pool } from 'pg';
import { START_OF_LOG, type LogPosition } from '../event-store.port';

/** A pool, or the connection of a transaction in progress. */
export type PostgresQueryable = Pool | ClientBase;

/** The table of named checkpoints in `schema`, shared by every consumer of the log that keeps its place there. */
export function postgresCheckpointTable(schema: string): string {
  return `${escapeIdentifier(schema)}.checkpoints`;
}

/** One consumer's row in a schema's `checkpoints`, read and written inside whatever transaction its caller holds. */
export class PostgresCheckpoint {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly name: string,
  ) {
    this.table = postgresCheckpointTable(schema);
  }

  async load(db: PostgresQueryable): Promise<LogPosition> {
    // bigint arrives as a string: pg will not round a value above 2^53 silently.
    const { rows } = await db.query<{ commit: string; prepare: string }>(
      `SELECT commit_position AS "commit", prepare_position AS prepare FROM ${this.table} WHERE name = $1`,
      [this.name],
    );
    return rows[0] ? { commit: Number(rows[0].commit), prepare: Number(rows[0].prepare) } : START_OF_LOG;
  }

  /** Moves forward only: a stale re-delivered batch must not send its consumer back. */
  async advanceTo(db: PostgresQueryable, position: LogPosition): Promise<void> {
    await db.query(
      `INSERT INTO ${this.table} AS stored (name, commit_position, prepare_position) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET commit_position = excluded.commit_position,
         prepare_position = excluded.prepare_position
       WHERE (excluded.commit_position, excluded.prepare_position) > (stored.commit_position, stored.prepare_position)`,
      [this.name, position.commit, position.prepare],
    );
  }
}
