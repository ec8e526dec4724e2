import { Logger } from '@nestjs/common';
import { PostgresLeaderLock } from '@lib/postgres';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaderLock } from './leader-lock';

const RETRY_MS = { initial: 500, max: 10_000 };

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
    for (let delay = RETRY_MS.initial; !released.signal.aborted; delay = Math.min(delay * 2, RETRY_MS.max)) {
      const lock = this.lockFor(role);
      this.locks.set(role, { lock, released });
      try {
        const held = await lock.acquire(`supportcase-${this.schema}-${role}`);
        if (held) this.logger.log(`${role}: this instance leads`);
        return held;
      } catch (error) {
        this.logger.warn(
          `${role}: cannot reach PostgreSQL for the lock (${(error as Error).message}); retrying in ${delay} ms`,
        );
        await sleep(delay, undefined, { signal: released.signal }).catch(() => undefined);
      }
    }
    return false;
  }

  async release(role: string): Promise<void> {
    const held = this.locks.get(role);
    this.locks.delete(role);
    held?.released.abort();
    await held?.lock.release();
  }

  private lockFor(role: string): PostgresLeaderLock {
    return new PostgresLeaderLock(this.databaseUrl, {
      onWaiting: () => this.logger.log(`${role}: another instance runs it; waiting`),
      onLost: (error) => this.logger.error(`${role}: lost the lock (${error.message})`),
    });
  }
}
