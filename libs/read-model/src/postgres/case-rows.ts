import type { SupportCase } from '@lib/domain';
import type { Pool, PoolClient } from 'pg';
import { caseColumns } from '../case-columns';
import type { ProjectedCase } from '../read-model.port';
import type { ReadModelTables } from './read-model-schema';

interface StoredCase {
  readonly revision: number;
  readonly document: SupportCase;
}

export async function findCase(pool: Pool, tables: ReadModelTables, id: string): Promise<ProjectedCase | undefined> {
  const select = `SELECT revision, document FROM ${tables.supportCases} WHERE id = $1`;
  const { rows } = await pool.query<StoredCase>(select, [id]);
  return rows[0] && toProjectedCase(rows[0]);
}

/**
 * Reads the stored rows of these cases and locks them until the transaction ends, so a
 * concurrent batch on the same cases waits and then sees what this one wrote.
 */
export async function lockCases(
  client: PoolClient,
  tables: ReadModelTables,
  ids: readonly string[],
): Promise<Map<string, ProjectedCase>> {
  // Locking in id order keeps two batches over the same cases from deadlocking.
  const { rows } = await client.query<StoredCase & { id: string }>(
    `SELECT id, revision, document FROM ${tables.supportCases} WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, toProjectedCase(row)]));
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
): Promise<void> {
  if (cases.size === 0) return;
  const rows = [...cases].map(([id, projected]) => caseColumns(id, projected));
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

function toProjectedCase(row: StoredCase): ProjectedCase {
  return { supportCase: row.document, revision: row.revision };
}
