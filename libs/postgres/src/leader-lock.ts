import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

export interface LeaderLockOptions {
  /** Pause between attempts while another session holds the lock (default 1000 ms). */
  readonly retryDelayMs?: number;
  /** Called when the first session finds the lock taken, e.g. to log that this instance stands by. */
  readonly onWaiting?: () => void;
  /** Called when the lock's connection fails after acquiring: PostgreSQL has released the lock. */
  readonly onLost?: (error: Error) => void;
}

interface LockSession {
  readonly client: Client;
  readonly released: AbortController;
  acquired: boolean;
}

/**
 * Lets one process at a time play a role (the projector, the relay) against one database: a
 * session-level advisory lock on a connection kept for as long as the lock is held. PostgreSQL
 * releases it when that session ends, so a holder that crashes frees it too.
 */
export class PostgresLeaderLock {
  private session?: LockSession;

  constructor(
    private readonly connectionString: string,
    private readonly options: LeaderLockOptions = {},
  ) {}

  /**
   * Resolves true once this instance holds the lock `name`, or false if `release` is called
   * first (a standby told to stop while it waits); rejects only when the database fails.
   */
  async acquire(name: string): Promise<boolean> {
    if (this.session) throw new Error('this leader lock is already held or being acquired');
    const session: LockSession = {
      client: new Client({ connectionString: this.connectionString }),
      released: new AbortController(),
      acquired: false,
    };
    this.session = session;
    // Without a listener a dropped connection would end the process.
    session.client.on('error', (error) => {
      if (session.acquired) this.options.onLost?.(error);
    });
    try {
      await session.client.connect();
      await this.retryUntilAcquired(session, name);
      return true;
    } catch (error) {
      if (session.released.signal.aborted) return false;
      await this.release();
      throw error;
    }
  }

  /** Gives the lock up, or stops waiting for it. */
  async release(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    session.released.abort();
    // Ending the session releases its advisory locks.
    await session.client.end();
  }

  private async retryUntilAcquired(session: LockSession, name: string): Promise<void> {
    const { signal } = session.released;
    for (let tries = 1; ; tries++) {
      const { rows } = await session.client.query<{ acquired: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS acquired',
        [name],
      );
      signal.throwIfAborted();
      if (rows[0].acquired) {
        session.acquired = true;
        return;
      }
      if (tries === 1) this.options.onWaiting?.();
      await sleep(this.options.retryDelayMs ?? 1000, undefined, { signal });
    }
  }
}
