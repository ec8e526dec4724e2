import type { Pool, PoolClient } from 'pg';
import { caseColumns } from '../case-columns';
import type { ProjectedCase } from '../read-model.port';
import type { DocumentCipher, StoredRevision } from '../sealed-documents';
import type { ReadModelTables } from './read-model-schema';

/** A stored case, its document in its stored form. */
export interface StoredCase extends StoredRevision {
  readonly id: string;
}

export async function findCase(pool: Pool, tables: ReadModelTables, id: string): Promise<StoredCase | undefined> {
  const select = `SELECT id, revision, document FROM ${tables.supportCases} WHERE id = $1`;
  const { rows } = await pool.query<StoredCase>(select, [id]);
  return rows[0];
}

/**
 * Reads the stored rows of these cases and locks them until the transaction ends, so a
 * concurrent batch on the same cases waits and then sees what this one wrote.
 */
export async function lockCases(
  client: PoolClient,
  tables: ReadModelTables,
  ids: readonly string[],
  documents: DocumentCipher,
): Promise<Map<string, ProjectedCase>> {
  // Locking in id order keeps two batches over the same cases from deadlocking.
  const { rows } = await client.query<StoredCase>(
    `SELECT id, revision, document FROM ${tables.supportCases} WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, toProjectedCase(row, documents)]));
}

/**
 * Writes the rows in one statement. A row only replaces an older revision: row locks cannot
 * cover a case not yet stored, so two batches may both find it absent, and the later commit
 * must not take the newer row back.
 */
export async function upsertCases(
  client: PoolClient,
  tables: ReadModelTables,
  cases: ReadonlyMap<string, ProjectedCase>,
  documents: DocumentCipher,
): Promise<void> {
  if (cases.size === 0) return;
  const rows = [...cases].map(([id, projected]) => {
    const columns = caseColumns(id, projected);
    return { ...columns, document: documents.seal(id, projected) };
  });
  await client.query(
    `INSERT INTO ${tables.supportCases} AS stored (id, revision, customer, owner, date, solved, document)
     SELECT id, revision, customer, owner, date, solved, document
     FROM jsonb_to_recordset($1::jsonb)
       AS row (id text, revision integer, customer text, owner text, date text, solved boolean, document jsonb)
     ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, customer = excluded.customer,
       owner = excluded.owner, date = excluded.date, solved = excluded.solved, document = excluded.document
     WHERE stored.revision < excluded.revision`,
    [JSON.stringify(rows)],
  );
}

export function toProjectedCase(row: StoredCase, documents: DocumentCipher): ProjectedCase {
  return documents.open(row.id, row.revision, () => row);
}
