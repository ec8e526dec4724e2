import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditLogStore, AuditSigningKey, MerkleLogSealer, type SignedTreeHead } from '@lib/audit-log';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { CatchUpSubscription, EventStore, measureLag } from '@lib/event-store';
import { Metrics } from '../observability/metrics';
import { LeaderLock } from '../stores/leader-lock';
import { TreeHeadRelay } from './tree-head-relay';

const ROLE = 'sealer';
/** A head at least every this many events… */
export const SEAL_EVERY_EVENTS = 1_000;
/** …and at least this often while events arrive. */
export const SEAL_INTERVAL_MS = 10_000;
const SEAL_POLL_INTERVAL_MS = 1_000;
/** Small enough that a batch holds the event loop for a few milliseconds at most. */
const SEAL_BATCH_SIZE = 100;

/**
 * The sealer role: a checkpointed catch-up that appends every support case event's hash to the
 * Merkle log and signs tree heads (`AUDIT.md`). Leader-locked like the projector: two sealers
 * would sign diverging heads.
 */
@Injectable()
export class SealerRole implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sealer');
  private sealer?: MerkleLogSealer;
  private subscription?: CatchUpSubscription;
  private timer?: NodeJS.Timeout;
  private leading?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly eventStore: EventStore,
    private readonly auditLog: AuditLogStore,
    private readonly key: AuditSigningKey,
    private readonly lock: LeaderLock,
    private readonly heads: TreeHeadRelay,
    metrics: Metrics,
  ) {
    metrics.watchConsumer(ROLE, async () =>
      measureLag(eventStore, await auditLog.loadCheckpoint(), { streamPrefix: SUPPORT_CASE_STREAM_PREFIX }),
    );
  }

  onApplicationBootstrap(): void {
    this.leading = this.sealOnceLeading();
  }

  /** Before the stores close: what was caught up is sealed under a last head. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.subscription?.stop();
    if (this.sealer) await this.sealPending();
    await this.heads.stop();
    await this.lock.release(ROLE);
  }

  /** Resolves once every event appended before the call is under a signed head. */
  async waitUntilSealed(): Promise<SignedTreeHead | undefined> {
    await this.leading;
    if (!this.subscription || !this.sealer) throw new Error('the sealer is not running');
    await this.subscription.waitUntilCaughtUp();
    await this.sealer.sealPending();
    return this.auditLog.latestHead();
  }

  private async sealOnceLeading(): Promise<void> {
    if (!(await this.lock.acquire(ROLE)) || this.stopping) return;
    try {
      this.sealer = await MerkleLogSealer.open(this.auditLog, this.key, {
        sealEvery: SEAL_EVERY_EVENTS,
        onSigned: () => void this.heads.publishPending(),
      });
    } catch (error) {
      this.logger.error(`not sealing: ${(error as Error).message}`);
      return;
    }
    // Shutdown may have come while loading: a subscription started now would outlive its stores.
    if (this.stopping) return;
    this.subscription = new CatchUpSubscription(this.eventStore, this.sealer, {
      streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
      logger: this.logger,
      // Nobody waits on a leaf: reading once a poll, rather than after every append, gathers the
      // leaves into fewer, larger transactions, off the path of the writes being answered.
      wakeOnAppend: false,
      pollIntervalMs: SEAL_POLL_INTERVAL_MS,
      batchSize: SEAL_BATCH_SIZE,
    });
    this.subscription.start();
    this.timer = setInterval(() => void this.sealPending().then(() => this.heads.publishPending()), SEAL_INTERVAL_MS);
    this.heads.start();
    this.logger.log(`sealing the audit log (tree size ${this.sealer.treeSize}) under key ${this.key.keyId}`);
  }

  private async sealPending(): Promise<void> {
    try {
      await this.sealer?.sealPending();
    } catch (error) {
      this.logger.error(`signing a tree head failed: ${(error as Error).message}`);
    }
  }
}
