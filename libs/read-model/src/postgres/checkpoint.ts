import { CheckpointStore, START_OF_LOG, type LogPosition } from '@lib/event-store';
import type { Pool, PoolClient } from 'pg';
import type { ReadModelTables } from './read-model-schema';

/** The projector's row in `checkpoints`. */
export const READ_MODEL_CHECKPOINT = 'read-model';

export async function loadCheckpoint(
  pool: Pool,
  tables: ReadModelTables,
  name = READ_MODEL_CHECKPOINT,
): Promise<LogPosition> {
  // bigint arrives as a string: pg will not round a value above 2^53 silently.
  const { rows } = await pool.query<{ commit: string; prepare: string }>(
    `SELECT commit_position AS "commit", prepare_position AS prepare FROM ${tables.checkpoints} WHERE name = $1`,
    [name],
  );
  return rows[0] ? { commit: Number(rows[0].commit), prepare: Number(rows[0].prepare) } : START_OF_LOG;
}

/** Moves forward only, inside the caller's transaction: a stale re-delivered batch must not send it back. */
export async function advanceCheckpoint(
  client: PoolClient | Pool,
  tables: ReadModelTables,
  position: LogPosition,
  name = READ_MODEL_CHECKPOINT,
): Promise<void> {
  await client.query(
    `INSERT INTO ${tables.checkpoints} AS stored (name, commit_position, prepare_position) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET commit_position = excluded.commit_position,
       prepare_position = excluded.prepare_position
     WHERE (excluded.commit_position, excluded.prepare_position) > (stored.commit_position, stored.prepare_position)`,
    [name, position.commit, position.prepare],
  );
}

/** Another consumer's checkpoint (the relay's) in the read model's table, on its pool. */
export class PostgresCheckpointStore extends CheckpointStore {
  constructor(
    private readonly pool: Pool,
    private readonly tables: ReadModelTables,
    private readonly name: string,
  ) {
    super();
  }

  load(): Promise<LogPosition> {
    return loadCheckpoint(this.pool, this.tables, this.name);
  }

  save(position: LogPosition): Promise<void> {
    return advanceCheckpoint(this.pool, this.tables, position, this.name);
  }

  /** The pool belongs to the read model, which closes it. */
  async close(): Promise<void> {}
}
