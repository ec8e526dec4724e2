import type { RecordedEvent } from '@lib/event-store';
import { caseColumns, type CaseColumns } from '../case-columns';
import type { ProjectedCase } from '../read-model.port';
import type { DocumentCipher } from '../sealed-documents';
import { projectBatch } from '../support-case.projection';
import type { Db } from './read-model-database';

/** A case as SQLite stores it: solved as 0 or 1, the document as the JSON of its stored form. */
export interface CaseRow extends Omit<CaseColumns, 'solved' | 'document'> {
  readonly solved: number;
  readonly document: string;
}

export function toProjectedCase(row: CaseRow, documents: DocumentCipher): ProjectedCase {
  return { supportCase: documents.open(row.id, JSON.parse(row.document)), revision: row.revision };
}

/** The rows of one case table, read and written through statements prepared once. */
export class CaseRows {
  private readonly selectRow;
  private readonly upsertRow;
  private readonly updateDocument;

  constructor(db: Db, table: string) {
    this.selectRow = db.prepare<[string], CaseRow>(`SELECT * FROM ${table} WHERE id = ?`);
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

  get(id: string): CaseRow | undefined {
    return this.selectRow.get(id);
  }

  /**
   * Projects the events onto the stored rows; the caller owns the transaction, and loaded the
   * keys of the events' cases. A row whose list keys stay as stored is updated without touching
   * the list indexes: a page written, not four.
   */
  apply(events: readonly RecordedEvent[], documents: DocumentCipher): void {
    const stored = new Map<string, CaseRow>();
    const rowOf = (caseId: string) => {
      const row = this.selectRow.get(caseId);
      if (row) stored.set(caseId, row);
      return row && toProjectedCase(row, documents);
    };
    for (const [id, projected] of projectBatch(events, rowOf)) {
      const row = toCaseRow(id, projected, documents);
      const before = stored.get(id);
      if (before && sameListKeys(before, row)) this.updateDocument.run(row);
      else this.upsertRow.run(row);
    }
  }
}

function sameListKeys(row: CaseRow, other: CaseRow): boolean {
  return row.customer === other.customer && row.owner === other.owner && row.date === other.date;
}

function toCaseRow(id: string, projected: ProjectedCase, documents: DocumentCipher): CaseRow {
  const columns = caseColumns(id, projected);
  return {
    ...columns,
    solved: columns.solved ? 1 : 0,
    document: JSON.stringify(documents.seal(id, columns.document)),
  };
}
