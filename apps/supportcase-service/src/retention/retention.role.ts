import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@lib/domain';
import { ReadModelStore } from '@lib/read-model';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { LeaderLock } from '../stores/leader-lock';
import { CaseErasure } from '../write/case-erasure';

const ROLE = 'retention';
/** How often the role looks for cases past their retention. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;
/** The reason every erasure by retention gives. */
export const RETENTION_REASON = 'retention';
/** The service itself, as the actor of the erasures its retention decides. */
export const RETENTION_ACTOR: Actor = { employee: '0'.repeat(24), customer: '0'.repeat(24), accessLevel: 'ADMIN' };

/**
 * The retention role (RETENTION_ERASE_SOLVED_AFTER_DAYS): erases every case solved and unchanged
 * for longer than that, with the reason `retention`, at start and then every hour. Leader-locked:
 * one process erases. It finds the cases in the read model, so a case solved an instant ago is
 * found once projected.
 */
@Injectable()
export class RetentionRole implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly retentionMs: number;
  private timer?: NodeJS.Timeout;
  private pass: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly readModel: ReadModelStore,
    private readonly erasure: CaseErasure,
    private readonly lock: LeaderLock,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.retentionMs = (config.retentionDays as number) * DAY_MS;
  }

  onApplicationBootstrap(): void {
    void this.runLeading();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.pass;
    await this.lock.release(ROLE);
  }

  /** Erases the cases past their retention now; answers their ids. */
  eraseExpired(): Promise<string[]> {
    const pass = this.pass.then(() => this.erasePass());
    this.pass = pass.catch((error: Error) => this.logger.error(`retention pass failed: ${error.message}`));
    return pass;
  }

  private async runLeading(): Promise<void> {
    if (!(await this.lock.acquire(ROLE)) || this.stopping) return;
    this.logger.log(`erasing cases solved and unchanged for ${this.retentionMs / DAY_MS} days`);
    void this.eraseExpired();
    this.timer = setInterval(() => void this.eraseExpired(), RETENTION_INTERVAL_MS).unref();
  }

  private async erasePass(): Promise<string[]> {
    const cutoff = new Date(Date.now() - this.retentionMs).toISOString();
    const erased = new Set<string>();
    // The read model shows an erasure once projected: the ids already erased in this pass are skipped.
    for (;;) {
      const found = (await this.readModel.solvedUnchangedSince(cutoff, BATCH + erased.size)).filter(
        (id) => !erased.has(id),
      );
      if (found.length === 0 || this.stopping) return [...erased];
      for (const caseId of found) {
        await this.erasure.erase(
          { caseId, caller: { actor: RETENTION_ACTOR, correlationId: randomUUID() }, options: {} },
          RETENTION_REASON,
        );
        erased.add(caseId);
      }
      this.logger.log(`erased ${found.length} cases past their retention`);
    }
  }
}
