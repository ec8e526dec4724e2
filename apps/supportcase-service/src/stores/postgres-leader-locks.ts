import { Logger } from '@nestjs/common';
import { retryWithBackoff } from '@lib/backoff';
import { PostgresLeaderLock } from '@lib/postgres';
import { LeaderLock } from './leader-lock';

const RETRY = { initialDelayMs: 500, maxDelayMs: 10_000 };
/**
 * How often a standby tries the lock: the bound on how long a role goes without a leader once
 * its leader has died. One query per try, four a second per standby.
 */
const STANDBY_RETRY_MS = 250;

interface RoleLock {
  readonly lock: PostgresLeaderLock;
  readonly released: AbortController;
}

/**
 * One PostgreSQL advisory lock per role and schema (the instances sharing one read model),
 * held on a session of its own for as long as the role runs. While PostgreSQL cannot be
 * reached, a standby keeps trying rather than giving the role up.
 */
export class PostgresLeaderLocks extends LeaderLock {
  private readonly logger = new Logger('LeaderLock');
  private readonly locks = new Map<string, RoleLock>();

  constructor(
    private readonly databaseUrl: string,
    private readonly schema: string,
  ) {
    super();
  }

  async acquire(role: string): Promise<boolean> {
    const released = new AbortController();
    const held = await retryWithBackoff(() => this.acquireOnce(role, released), {
      ...RETRY,
      signal: released.signal,
      onFailure: (error, delayMs) =>
        this.logger.warn(`${role}: cannot reach PostgreSQL for the lock (${error.message}); retrying in ${delayMs} ms`),
    });
    return held ?? false;
  }

  async release(role: string): Promise<void> {
    const held = this.locks.get(role);
    this.locks.delete(role);
    held?.released.abort();
    await held?.lock.release();
  }

  /** Each attempt takes a lock of its own: a failed one has let its session go. */
  private async acquireOnce(role: string, released: AbortController): Promise<boolean> {
    const lock = this.lockFor(role);
    this.locks.set(role, { lock, released });
    const held = await lock.acquire(`supportcase-${this.schema}-${role}`);
    if (held) this.logger.log(`${role}: this instance leads`);
    return held;
  }

  private lockFor(role: string): PostgresLeaderLock {
    return new PostgresLeaderLock(this.databaseUrl, {
      retryDelayMs: STANDBY_RETRY_MS,
      onWaiting: () => this.logger.log(`${role}: another instance runs it; waiting`),
      onLost: (error) => this.logger.error(`${role}: lost the lock (${error.message})`),
    });
  }
}
