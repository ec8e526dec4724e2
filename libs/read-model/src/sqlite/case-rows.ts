import type { RecordedEvent } from '@lib/event-store';
import { caseColumns, type CaseColumns } from '../case-columns';
import type { ProjectedCase } from '../read-model.port';
import type { DocumentCipher, StoredRevision } from '../sealed-documents';
import { projectBatch } from '../support-case.projection';
import type { Db } from './read-model-database';

/** A case as SQLite stores it: solved as 0 or 1, the document as the JSON of its stored form. */
export interface CaseRow extends Omit<CaseColumns, 'solved' | 'document'> {
  readonly solved: number;
  readonly document: string;
}

/** A row without its document, which is read only when it is not held opened. */
export type CaseKeys = Omit<CaseRow, 'document'>;

/** The columns of CaseKeys, for the statements that read rows. */
export const CASE_KEY_COLUMNS = 'id, revision, customer, owner, date, solved';

/** The rows of one case table, read and written through statements prepared once. */
export class CaseRows {
  private readonly selectKeys;
  private readonly selectStored;
  private readonly upsertRow;
  private readonly updateDocument;

  constructor(db: Db, table: string) {
    this.selectKeys = db.prepare<[string], CaseKeys>(`SELECT ${CASE_KEY_COLUMNS} FROM ${table} WHERE id = ?`);
    this.selectStored = db.prepare<[string], Pick<CaseRow, 'revision' | 'document'>>(
      `SELECT revision, document FROM ${table} WHERE id = ?`,
    );
    this.upsertRow = db.prepare<[CaseRow]>(
      `INSERT INTO ${table} (id, revision, customer, owner, date, solved, document)
       VALUES (@id, @revision, @customer, @owner, @date, @solved, @document)
       ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, customer = excluded.customer,
         owner = excluded.owner, date = excluded.date, solved = excluded.solved, document = excluded.document`,
    );
    // SQLite rewrites the entry of every index whose column an UPDATE sets, even to the same value.
    this.updateDocument = db.prepare<[CaseRow]>(
      `UPDATE ${table} SET revision = @revision, solved = @solved, document = @document WHERE id = @id`,
    );
  }

  get(id: string): CaseKeys | undefined {
    return this.selectKeys.get(id);
  }

  /** The case the row holds, its document read and opened only when not held opened at its revision. */
  project(row: CaseKeys, documents: DocumentCipher): ProjectedCase {
    return documents.open(row.id, row.revision, () => this.stored(row.id));
  }

  private stored(id: string): StoredRevision {
    const row = this.selectStored.get(id);
    // Rows are only ever replaced, never deleted, so a row just listed is still there.
    if (!row) throw new Error(`the row of case ${id} is gone`);
    return { revision: row.revision, document: JSON.parse(row.document) };
  }

  /** The case as its row holds it, or undefined when it has no row. */
  read(id: string, documents: DocumentCipher): ProjectedCase | undefined {
    const row = this.get(id);
    return row && this.project(row, documents);
  }

  /**
   * Projects the events onto the stored rows; the caller owns the transaction, and loaded the
   * keys of the events' cases.
   */
  apply(events: readonly RecordedEvent[], documents: DocumentCipher): void {
    const stored = new Map<string, CaseKeys>();
    const rowOf = (caseId: string) => {
      const row = this.get(caseId);
      if (row) stored.set(caseId, row);
      return row && this.project(row, documents);
    };
    for (const [id, projected] of projectBatch(events, rowOf)) this.write(id, projected, documents, stored.get(id));
  }

  /**
   * Writes the case's row, sealing its document; `before` is its row as stored. A row whose list
   * keys stay as stored is updated without touching the list indexes: a page written, not four.
   */
  write(id: string, projected: ProjectedCase, documents: DocumentCipher, before?: CaseKeys): void {
    const row = toCaseRow(id, projected, documents);
    if (before && sameListKeys(before, row)) this.updateDocument.run(row);
    else this.upsertRow.run(row);
  }
}

function sameListKeys(row: CaseKeys, other: CaseKeys): boolean {
  return row.customer === other.customer && row.owner === other.owner && row.date === other.date;
}

function toCaseRow(id: string, projected: ProjectedCase, documents: DocumentCipher): CaseRow {
  const columns = caseColumns(id, projected);
  return {
    ...columns,
    solved: columns.solved ? 1 : 0,
    document: JSON.stringify(documents.seal(id, projected)),
  };
}
