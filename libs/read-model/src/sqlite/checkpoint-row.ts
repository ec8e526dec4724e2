import { START_OF_LOG, type LogPosition } from '@lib/event-store';
import type { Db } from './read-model-database';

const CHECKPOINT_NAME = 'read-model';

interface PositionRow {
  readonly commit: number;
  readonly prepare: number;
}

/** The read model's row in `checkpoints`. */
export class CheckpointRow {
  private readonly select;
  private readonly set;
  private readonly advance;

  constructor(db: Db) {
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
    const row = this.select.get(CHECKPOINT_NAME);
    return row ? { commit: row.commit, prepare: row.prepare } : START_OF_LOG;
  }

  /** Moves forward only: a stale re-delivered batch must not send the projector back. */
  advanceTo(position: LogPosition): void {
    this.advance.run({ name: CHECKPOINT_NAME, ...position });
  }

  setTo(position: LogPosition): void {
    this.set.run({ name: CHECKPOINT_NAME, ...position });
  }
}
