import { openStorePool } from '@lib/postgres';
import type { Pool } from 'pg';
import type { LogPosition } from '../event-store.port';
import { CheckpointStore } from './checkpoint-store';
import { PostgresCheckpoint } from './postgres-checkpoint';

/**
 * A named checkpoint in a PostgreSQL schema's `checkpoints`, for a consumer that keeps no rows of
 * its own there (the relay). The table comes with the schema's own migrations (the read model's),
 * so this is opened after them.
 */
export class PostgresCheckpointStore extends CheckpointStore {
  private constructor(
    private readonly pool: Pool,
    private readonly checkpoint: PostgresCheckpoint,
  ) {
    super();
  }

  static open(connectionString: string, schema: string, name: string): PostgresCheckpointStore {
    const pool = openStorePool(connectionString, { purpose: `checkpoint ${name}`, max: 1 });
    return new PostgresCheckpointStore(pool, new PostgresCheckpoint(schema, name));
  }

  load(): Promise<LogPosition> {
    return this.checkpoint.load(this.pool);
  }

  save(position: LogPosition): Promise<void> {
    return this.checkpoint.advanceTo(this.pool, position);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
