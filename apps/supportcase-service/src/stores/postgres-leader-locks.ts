import { Logger } from '@nestjs/common';
import { PostgresLeaderLock } from '@lib/read-model';
import { LeaderLock } from './leader-lock';

/**
 * One PostgreSQL advisory lock per role and schema (the instances sharing one read model),
 * held on a session of its own for as long as the role runs.
 */
export class PostgresLeaderLocks extends LeaderLock {
  private readonly logger = new Logger('LeaderLock');
  private readonly locks = new Map<string, PostgresLeaderLock>();

  constructor(
    private readonly databaseUrl: string,
    private readonly schema: string,
  ) {
    super();
  }

  acquire(role: string): Promise<void> {
    const lock = new PostgresLeaderLock(this.databaseUrl, {
      onWaiting: () => this.logger.log(`${role}: another instance runs it; waiting`),
      onLost: (error) => this.logger.error(`${role}: lost the lock (${error.message})`),
    });
    this.locks.set(role, lock);
    return lock.acquire(`supportcase-${this.schema}-${role}`);
  }

  async release(role: string): Promise<void> {
    await this.locks.get(role)?.release();
    this.locks.delete(role);
  }
}
