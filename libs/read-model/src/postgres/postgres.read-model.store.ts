import { PostgresCheckpoint, type LogPosition, type RecordedEvent } from '@lib/event-store';
import type { Pool } from 'pg';
import { ReadModelStore, type ListQuery, type ListResult, type ProjectedCase } from '../read-model.port';
import type { SealedDocuments } from '../sealed-documents';
import { caseIdsOf, projectBatch } from '../support-case.projection';
import { listCases } from './case-list';
import { findCase, lockCases, toProjectedCase, upsertCases } from './case-rows';
import { migrate, readModelTables, type ReadModelTables } from './read-model-schema';
import { inTransaction, openStorePool } from '@lib/postgres';

export interface PostgresReadModelOptions {
  /** The schema that holds the tables (default `public`), e.g. one per test run; created when missing. */
  readonly schema?: string;
  readonly documents: SealedDocuments;
}

/** The projector's row in `checkpoints`. */
const READ_MODEL_CHECKPOINT = 'read-model';

/** The read model in PostgreSQL, for when DATABASE_URL is set. */
export class PostgresReadModelStore extends ReadModelStore {
  private readonly checkpoint: PostgresCheckpoint;

  private constructor(
    private readonly pool: Pool,
    private readonly tables: ReadModelTables,
    private readonly documents: SealedDocuments,
  ) {
    super();
    this.checkpoint = new PostgresCheckpoint(tables.schema, READ_MODEL_CHECKPOINT);
  }

  /** Connects, creates the schema if missing, and brings it to the current version. */
  static async open(connectionString: string, options: PostgresReadModelOptions): Promise<PostgresReadModelStore> {
    const pool = openStorePool(connectionString, { purpose: 'read model', max: 5 });
    const tables = readModelTables(options.schema ?? 'public');
    try {
      await inTransaction(pool, 'BEGIN', (client) => migrate(client, tables));
      return new PostgresReadModelStore(pool, tables, options.documents);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  override async getCase(id: string): Promise<ProjectedCase | undefined> {
    // Case ids are stored in lower case, as their stream ids are.
    const row = await findCase(this.pool, this.tables, id.toLowerCase());
    return row && toProjectedCase(row, await this.documents.of([row.id]));
  }

  override async listCases(query: ListQuery): Promise<ListResult> {
    const { total, rows } = await listCases(this.pool, this.tables, query);
    const documents = await this.documents.of(rows.map((row) => row.id));
    return { total, cases: rows.map((row) => toProjectedCase(row, documents).supportCase) };
  }

  override async solvedUnchangedSince(cutoff: string, limit: number): Promise<string[]> {
    // The clear part of each document tells when it last changed and whether it was erased.
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM ${this.tables.supportCases} WHERE solved AND document -> 'clear' ->> 'lastUpdated' < $1
         AND NOT (document -> 'clear' ? 'erased') ORDER BY id LIMIT $2`,
      [cutoff, limit],
    );
    return rows.map((row) => row.id);
  }

  override loadCheckpoint(): Promise<LogPosition> {
    return this.checkpoint.load(this.pool);
  }

  override async handle(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const caseIds = caseIdsOf(events);
    // Keys first: the rows stay locked no longer than the projection takes.
    const documents = await this.documents.of(caseIds);
    await inTransaction(this.pool, 'BEGIN', async (client) => {
      const stored = await lockCases(client, this.tables, caseIds, documents);
      const changed = projectBatch(events, (caseId) => stored.get(caseId));
      await upsertCases(client, this.tables, changed, documents);
      await this.checkpoint.advanceTo(client, events[events.length - 1].position);
    });
  }

  override close(): Promise<void> {
    return this.pool.end();
  }
}
