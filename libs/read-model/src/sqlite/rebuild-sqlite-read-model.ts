import { performance } from 'node:perf_hooks';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import {
  START_OF_LOG,
  SqliteCheckpoint,
  type EventStore,
  type LogPosition,
  type RecordedEvent,
} from '@lib/event-store';
import type { DocumentCipher, SealedDocuments } from '../sealed-documents';
import type { ProjectedCase } from '../read-model.port';
import { caseIdsOf, projectBatch } from '../support-case.projection';
import { CaseRows } from './case-rows';
import {
  READ_MODEL_CHECKPOINT,
  SUPPORT_CASES_TABLE,
  createCaseTable,
  createListIndexes,
  openReadModelDatabase,
  type Db,
} from './read-model-database';

const REBUILD_TABLE = 'support_cases_rebuild';
const DEFAULT_BATCH_SIZE = 5000;
const DEFAULT_CASES_HELD = 10_000;

export interface RebuildProgress {
  /** Events applied so far. */
  readonly events: number;
  readonly eventsPerSecond: number;
}

export interface RebuildOptions {
  /** Called after each replayed batch; awaited, so a caller may pause the replay. */
  readonly onProgress?: (progress: RebuildProgress) => void | Promise<void>;
  readonly batchSize?: number;
  /**
   * Cases held folded in memory: beyond as many, the least recently changed is written (and
   * read back if it changes again); the rest are written at the swap.
   */
  readonly casesHeld?: number;
}

export interface RebuildResult {
  readonly events: number;
  readonly seconds: number;
}

/**
 * Replays every support case event into a fresh table and swaps it in for `support_cases`,
 * while the service may keep running: the swap happens under the write lock after applying
 * what was appended meanwhile, and sets the checkpoint to the last event applied. A live
 * projector still holding older events skips them, because the rows already have their revisions.
 *
 * Cases are folded in memory and each row is written once, not once a batch: a case's events
 * spread over several batches of a busy log, and writing a row (its document serialised and
 * sealed) costs more than folding an event.
 */
export async function rebuildSqliteReadModel(
  filePath: string,
  eventStore: EventStore,
  documents: SealedDocuments,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const db = openReadModelDatabase(filePath);
  try {
    return await new Rebuild(db, eventStore, documents, options).run();
  } finally {
    db.close();
  }
}

class Rebuild {
  private readonly startedAt = performance.now();
  private readonly batchSize: number;
  private readonly casesHeld: number;
  private readonly rows: CaseRows;
  private readonly checkpoint: SqliteCheckpoint;
  private readonly writeInTransaction;
  /** Cases folded and not yet written, the least recently changed first. */
  private readonly unwritten = new Map<string, ProjectedCase>();
  /** Cases written to the fresh table: only these have a row to read back. */
  private readonly written = new Set<string>();
  private events = 0;
  private lastPosition: LogPosition = START_OF_LOG;

  constructor(
    private readonly db: Db,
    private readonly eventStore: EventStore,
    private readonly documents: SealedDocuments,
    private readonly options: RebuildOptions,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.casesHeld = options.casesHeld ?? DEFAULT_CASES_HELD;
    // A table left by an interrupted rebuild holds an unknown part of the log.
    db.exec(`DROP TABLE IF EXISTS ${REBUILD_TABLE}`);
    createCaseTable(db, REBUILD_TABLE);
    this.rows = new CaseRows(db, REBUILD_TABLE);
    this.checkpoint = new SqliteCheckpoint(db, READ_MODEL_CHECKPOINT);
    this.writeInTransaction = db.transaction((cases: [string, ProjectedCase][], documents: DocumentCipher) => {
      for (const [id, projected] of cases) {
        this.rows.write(id, projected, documents);
        this.written.add(id);
      }
    });
  }

  async run(): Promise<RebuildResult> {
    // The fresh table is worthless until swapped in (a crash drops it on the next run), so
    // its batches need no sync to disk; the swap itself is committed durably.
    this.db.pragma('synchronous = OFF');
    try {
      await this.replay();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
    await this.swap();
    return { events: this.events, seconds: this.elapsedSeconds() };
  }

  private async replay(): Promise<void> {
    for (;;) {
      const batch = await this.readBatch();
      if (batch.length === 0) return;
      await this.fold(batch);
      await this.writeAllBut(this.casesHeld);
      await this.options.onProgress?.(this.progress());
      if (batch.length < this.batchSize) return;
    }
  }

  /** Appends wait for the lock while the rest of the log is applied and the tables swapped. */
  private async swap(): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (let batch = await this.readBatch(); batch.length > 0; batch = await this.readBatch()) await this.fold(batch);
      await this.writeAllBut(0);
      this.db.exec(`DROP TABLE ${SUPPORT_CASES_TABLE}; ALTER TABLE ${REBUILD_TABLE} RENAME TO ${SUPPORT_CASES_TABLE}`);
      createListIndexes(this.db);
      this.checkpoint.setTo(this.lastPosition);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Folds the batch onto the cases held, reading back those written before. */
  private async fold(batch: readonly RecordedEvent[]): Promise<void> {
    const documents = await this.documents.of(caseIdsOf(batch));
    const changed = projectBatch(
      batch,
      (id) => this.unwritten.get(id) ?? (this.written.has(id) ? this.rows.read(id, documents) : undefined),
    );
    for (const [id, projected] of changed) {
      // Taken out and set again, so the map keeps its order of last change.
      this.unwritten.delete(id);
      this.unwritten.set(id, projected);
    }
    this.events += batch.length;
    this.lastPosition = batch[batch.length - 1].position;
  }

  /** Writes the least recently changed cases held, until `kept` are left. */
  private async writeAllBut(kept: number): Promise<void> {
    const leaving = [...this.unwritten].slice(0, Math.max(0, this.unwritten.size - kept));
    if (leaving.length === 0) return;
    const documents = await this.documents.of(leaving.map(([id]) => id));
    this.writeInTransaction.immediate(leaving, documents);
    for (const [id] of leaving) this.unwritten.delete(id);
  }

  private readBatch(): Promise<RecordedEvent[]> {
    return this.eventStore.readAll({
      after: this.lastPosition,
      maxCount: this.batchSize,
      streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
    });
  }

  private progress(): RebuildProgress {
    const seconds = this.elapsedSeconds();
    return { events: this.events, eventsPerSecond: seconds > 0 ? Math.round(this.events / seconds) : 0 };
  }

  private elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
}
