import { SealedDocuments, SqliteReadModelStore } from '@lib/read-model';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminTokens, newAuthSecret } from '../support/auth';
import { measureLoad, type ResponseHeaders } from '../support/load';
import { timedRuns } from '../support/mode';
import { updatePlan } from '../support/request-plans';
import { lowerIsBetter } from '../support/results';
import type { Scenario } from '../support/scenario';
import { withRealService } from '../support/servers/real-service';
import { withServiceSealing } from '../support/sealing';
import { seedCasePool, serviceFile } from '../support/service-data';
import { percentile } from '../support/stats';
import { withTempDir } from '../support/temp-dir';

/** The budget: ratio = budget / lag, met at 1 or more. */
const BUDGET_MS = 50;
const POLL_INTERVAL_MS = 1;
const GIVE_UP_AFTER_MS = 10_000;

/**
 * Under the load of the update scenario, the time from each update's 200 reaching the client
 * to the read model showing the revision its ETag named. A sampler in the bench process reads
 * the read model through a connection of its own (getCase, as the get endpoint does) every
 * millisecond, so each lag is known to about a millisecond plus this process's event-loop delay.
 */
export const projectionLagScenario: Scenario = {
  name: 'projection-lag',
  run: (mode) =>
    withTempDir(async (dataDir) => {
      const authSecret = newAuthSecret();
      const caseIds = await seedCasePool(dataDir, mode.casePool);
      const plan = updatePlan(caseIds, await adminTokens(authSecret), mode.connections);
      const lagsMs = await withRealService({ dataDir, authSecret }, async ({ url, caughtUp }) => {
        await caughtUp();
        return withServiceSealing(dataDir, async ({ keys }) => {
          const readModel = SqliteReadModelStore.open(serviceFile(dataDir), new SealedDocuments(keys));
          const sampler = new ProjectionLagSampler(readModel);
          try {
            const onResponse = (request: { caseId: string }, headers: ResponseHeaders) =>
              sampler.answered(request.caseId, revisionOf(headers));
            await measureLoad(url, plan, { ...timedRuns(mode), onResponse });
            return await sampler.allVisible();
          } finally {
            await sampler.close();
          }
        });
      });
      return [
        lowerIsBetter('projection lag p50', 'ms', percentile(lagsMs, 0.5), BUDGET_MS, 1),
        lowerIsBetter('projection lag p99', 'ms', percentile(lagsMs, 0.99), BUDGET_MS, 1),
      ];
    }),
};

function revisionOf(headers: ResponseHeaders): number {
  const match = /^"(\d+)"$/.exec(headers.etag ?? '');
  if (!match) throw new Error(`update answered without a revision ETag: ${headers.etag}`);
  return Number(match[1]);
}

interface Answered {
  readonly caseId: string;
  readonly revision: number;
  readonly at: number;
}

class ProjectionLagSampler {
  private waiting: Answered[] = [];
  private readonly lagsMs: number[] = [];
  private readonly timer = setInterval(() => void this.lookForProjected(), POLL_INTERVAL_MS);
  private looking = false;

  constructor(private readonly readModel: SqliteReadModelStore) {}

  answered(caseId: string, revision: number): void {
    this.waiting.push({ caseId, revision, at: performance.now() });
  }

  /** The lag of every update answered, once all are visible. */
  async allVisible(): Promise<number[]> {
    const started = performance.now();
    while (this.waiting.length > 0 || this.looking) {
      if (performance.now() - started > GIVE_UP_AFTER_MS) {
        throw new Error(`${this.waiting.length} answered updates never became visible in the read model`);
      }
      await sleep(POLL_INTERVAL_MS);
    }
    return this.lagsMs;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.readModel.close();
  }

  private async lookForProjected(): Promise<void> {
    if (this.looking) return;
    this.looking = true;
    try {
      const looked = this.waiting;
      this.waiting = [];
      for (const answered of looked) {
        const projected = await this.readModel.getCase(answered.caseId);
        if (projected && projected.revision >= answered.revision) this.lagsMs.push(performance.now() - answered.at);
        else this.waiting.push(answered);
      }
    } finally {
      this.looking = false;
    }
  }
}
