import { SqliteCheckpoint, type LogPosition, type RecordedEvent } from '@lib/event-store';
import { ReadModelStore, type ListQuery, type ListResult, type ProjectedCase } from '../read-model.port';
import type { DocumentCipher, SealedDocuments } from '../sealed-documents';
import { caseIdsOf } from '../support-case.projection';
import { CaseList } from './case-list';
import { CaseRows } from './case-rows';
import { READ_MODEL_CHECKPOINT, SUPPORT_CASES_TABLE, openReadModelDatabase, type Db } from './read-model-database';

/** The read model in the event store's SQLite file, on a connection of its own. */
export class SqliteReadModelStore extends ReadModelStore {
  private readonly rows: CaseRows;
  private readonly caseList: CaseList;
  private readonly checkpoint: SqliteCheckpoint;
  private readonly applyAndCheckpoint;
  private readonly selectSolvedUnchanged;

  static open(filePath: string, documents: SealedDocuments): SqliteReadModelStore {
    return new SqliteReadModelStore(openReadModelDatabase(filePath), documents);
  }

  private constructor(
    private readonly db: Db,
    private readonly documents: SealedDocuments,
  ) {
    super();
    this.rows = new CaseRows(db, SUPPORT_CASES_TABLE);
    this.caseList = new CaseList(db);
    this.checkpoint = new SqliteCheckpoint(db, READ_MODEL_CHECKPOINT);
    // The clear part of each document tells when it last changed and whether it was erased.
    this.selectSolvedUnchanged = db
      .prepare<[string, number], string>(
        `SELECT id FROM ${SUPPORT_CASES_TABLE} WHERE solved = 1 AND document ->> '$.clear.lastUpdated' < ?
           AND document ->> '$.clear.erased' IS NULL ORDER BY id LIMIT ?`,
      )
      .pluck();
    this.applyAndCheckpoint = db.transaction((events: readonly RecordedEvent[], documents: DocumentCipher) => {
      this.rows.apply(events, documents);
      this.checkpoint.advanceTo(events[events.length - 1].position);
    });
  }

  override async getCase(id: string): Promise<ProjectedCase | undefined> {
    // Case ids are stored in lower case, as their stream ids are.
    const row = this.rows.get(id.toLowerCase());
    return row && this.rows.project(row, await this.documents.of([row.id]));
  }

  override async listCases(query: ListQuery): Promise<ListResult> {
    const { total, rows } = this.caseList.list(query);
    const documents = await this.documents.of(rows.map((row) => row.id));
    return { total, cases: rows.map((row) => this.rows.project(row, documents).supportCase) };
  }

  override async solvedUnchangedSince(cutoff: string, limit: number): Promise<string[]> {
    return this.selectSolvedUnchanged.all(cutoff, limit);
  }

  override async loadCheckpoint(): Promise<LogPosition> {
    return this.checkpoint.load();
  }

  override async handle(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const documents = await this.documents.of(caseIdsOf(events));
    // IMMEDIATE: take the write lock before reading rows, so a concurrent writer makes us wait
    // (busy_timeout) instead of failing the upgrade from read to write.
    this.applyAndCheckpoint.immediate(events, documents);
  }

  override async close(): Promise<void> {
    this.db.close();
  }
}
