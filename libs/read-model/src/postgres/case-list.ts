import type { Pool } from 'pg';
import type { ListQuery } from '../read-model.port';
import type { StoredCase } from './case-rows';
import type { ReadModelTables } from './read-model-schema';
import { inTransaction } from '@lib/postgres';

/**
 * An absent filter is a NULL parameter. Unnamed statements are planned with their parameters
 * bound, so the unused conditions fold away and each combination still uses its index.
 */
const MATCHES =
  '($1::text IS NULL OR customer = $1) AND ($2::text IS NULL OR owner = $2 OR customer = $2) AND ' +
  '($3::boolean IS NULL OR solved = $3)';

/** A page of cases, newest date first, their documents still sealed, with the total of every match. */
export function listCases(
  pool: Pool,
  tables: ReadModelTables,
  query: ListQuery,
): Promise<{ total: number; rows: StoredCase[] }> {
  const filters = [query.customer ?? null, query.visibleToReseller ?? null, query.solved ?? null];
  // Count and page read one snapshot, so `total` always agrees with the page.
  return inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
    const count = await client.query<{ total: number }>(
      `SELECT COUNT(*)::integer AS total FROM ${tables.supportCases} WHERE ${MATCHES}`,
      filters,
    );
    const page = await client.query<StoredCase>(
      `SELECT id, revision, document FROM ${tables.supportCases} WHERE ${MATCHES} ORDER BY date DESC, id LIMIT $4 OFFSET $5`,
      [...filters, query.limit, query.offset],
    );
    return { total: count.rows[0].total, rows: page.rows };
  });
}
