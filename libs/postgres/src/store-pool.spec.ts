import { randomBytes } from 'node:crypto';
import { openStorePool } from './store-pool';
import { eventually } from '../../../test/support/eventually';
import { describeWithPostgres } from '../../../test/support/postgres';

describeWithPostgres('openStorePool', (databaseUrl) => {
  it('names its connections, holds no more than its size, and closes them once idle', async () => {
    const purpose = `pool test ${randomBytes(6).toString('hex')}`;
    const pool = openStorePool(databaseUrl, { purpose, max: 2 });
    try {
      let most = 0;
      const sleepers = Array.from({ length: 5 }, async () => {
        const client = await pool.connect();
        most = Math.max(most, pool.totalCount);
        try {
          await client.query('SELECT pg_sleep(0.05)');
        } finally {
          client.release();
        }
      });
      await Promise.all(sleepers);
      const { rows } = await pool.query<{ count: string }>(
        'SELECT count(*) FROM pg_stat_activity WHERE application_name = $1',
        [`supportcase ${purpose}`],
      );

      expect(most).toBe(2);
      expect(Number(rows[0].count)).toBeGreaterThanOrEqual(1);
      await eventually('the idle connections closed', () => (pool.totalCount === 0 ? true : undefined), {
        timeoutMs: 8_000, // pg keeps an idle connection 10 s unless told otherwise
      });
    } finally {
      await pool.end();
    }
  });
});
