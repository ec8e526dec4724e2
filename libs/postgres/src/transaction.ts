import type { Pool, PoolClient } from 'pg';

/** Runs `work` on one pooled connection between `begin` and COMMIT, rolling back if it throws. */
export async function inTransaction<T>(
  pool: Pool,
  begin: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // A connection that cannot even roll back is discarded rather than returned to the pool.
    const rollbackFailure = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: Error) => rollbackError,
    );
    client.release(rollbackFailure);
    throw error;
  }
}
