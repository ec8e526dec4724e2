import { Pool, type PoolConfig } from 'pg';

export interface StorePoolOptions {
  /** What the pool serves: its connections' `application_name`, and the name in its warnings. */
  readonly purpose: string;
  /**
   * Connections at most. Every store of every process has a pool of its own against one server's
   * `max_connections`: a store used now and then needs one or two.
   */
  readonly max: number;
  /** Further settings, such as a session option. */
  readonly config?: Omit<PoolConfig, 'connectionString' | 'max'>;
}

/**
 * A connection unused this long is closed: the server's connections are shared by every pool of
 * every process, and one burst should not hold them for long after.
 */
const IDLE_CONNECTION_MS = 1_000;

/** The connection pool of one store, named in `pg_stat_activity` and sized for its use. */
export function openStorePool(connectionString: string, { purpose, max, config = {} }: StorePoolOptions): Pool {
  const pool = new Pool({
    application_name: `supportcase ${purpose}`,
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    ...config,
    connectionString,
    max,
  });
  // An idle connection the server drops is replaced on next use; unhandled, the event would end the process.
  pool.on('error', (error) => console.warn(`${purpose}: idle PostgreSQL connection failed: ${error.message}`));
  return pool;
}
