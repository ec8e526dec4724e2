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
import { caseIdsOf } from '../support-case.projection';
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

export interface RebuildProgress {
  /** Events applied so far. */
  readonly events: number;
  readonly eventsPerSecond: number;
}

export interface RebuildOptions {
  /** Called after each replayed batch; awaited, so a caller may pause the replay. */
  readonly onProgress?: (progress: RebuildProgress) => void | Promise<void>;
  readonly batchSize?: number;
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
  private readonly rows: CaseRows;
  private readonly checkpoint: SqliteCheckpoint;
  private readonly applyInTransaction;
  private events = 0;
  private lastPosition: LogPosition = START_OF_LOG;

  constructor(
    private readonly db: Db,
    private readonly eventStore: EventStore,
    private readonly documents: SealedDocuments,
    private readonly options: RebuildOptions,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    // A table left by an interrupted rebuild holds an unknown part of the log.
    db.exec(`DROP TABLE IF EXISTS ${REBUILD_TABLE}`);
    createCaseTable(db, REBUILD_TABLE);
    this.rows = new CaseRows(db, REBUILD_TABLE);
    this.checkpoint = new SqliteCheckpoint(db, READ_MODEL_CHECKPOINT);
    this.applyInTransaction = db.transaction((batch: readonly RecordedEvent[], documents: DocumentCipher) =>
      this.apply(batch, documents),
    );
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
      this.applyInTransaction.immediate(batch, await this.documentsOf(batch));
      await this.options.onProgress?.(this.progress());
      if (batch.length < this.batchSize) return;
    }
  }

  /** Appends wait for the lock while the rest of the log is applied and the tables swapped. */
  private async swap(): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      await this.applyRestOfLog();
      this.db.exec(`DROP TABLE ${SUPPORT_CASES_TABLE}; ALTER TABLE ${REBUILD_TABLE} RENAME TO ${SUPPORT_CASES_TABLE}`);
      createListIndexes(this.db);
      this.checkpoint.setTo(this.lastPosition);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private async applyRestOfLog(): Promise<void> {
    for (let batch = await this.readBatch(); batch.length > 0; batch = await this.readBatch()) {
      this.apply(batch, await this.documentsOf(batch));
    }
  }

  private documentsOf(batch: readonly RecordedEvent[]): Promise<DocumentCipher> {
    return this.documents.of(caseIdsOf(batch));
  }

  private readBatch(): Promise<RecordedEvent[]> {
    return this.eventStore.readAll({
      after: this.lastPosition,
      maxCount: this.batchSize,
      streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
    });
  }

  private apply(batch: readonly RecordedEvent[], documents: DocumentCipher): void {
    this.rows.apply(batch, documents);
    this.events += batch.length;
    this.lastPosition = batch[batch.length - 1].position;
  }

  private progress(): RebuildProgress {
    const seconds = this.elapsedSeconds();
    return { events: this.events, eventsPerSecond: seconds > 0 ? Math.round(this.events / seconds) : 0 };
  }

  private elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
}
